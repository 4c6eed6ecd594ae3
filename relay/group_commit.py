"""Group commit: the database jobs waiting when a writer is free share one transaction and
one sync to disk, and each is answered only once that transaction is durable.

With SQLite's ``synchronous=FULL`` (and PostgreSQL's synchronous commit) every commit waits
for the disk; one commit per request capped the relay at a few hundred requests a second.
Here a writer thread takes every job queued meanwhile (up to ``MAX_BATCH``), runs each in its
own SAVEPOINT of one transaction, and commits once:

- the jobs run first without savepoints (a SAVEPOINT and its RELEASE cost about as much as a
  heartbeat's own statements); when a job raises (a bad signature, a replayed nonce, a
  duplicate row), the transaction is rolled back and the batch runs again with each job in
  its own SAVEPOINT: the failing job is rolled back to it and gets its exception, the others
  go on. Jobs are plain database work, so running one twice is safe: only the committed run
  counts;
- an outage (down, full, read-only: ``relay.db_outage``) met by a job or by the commit fails
  every job of the batch with ``DatabaseUnavailable``: none of them was acknowledged, so the
  agents keep those events in their outboxes and send them again;
- results are handed back only after the commit returned, so a 2xx means stored.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.session import JoinTransactionMode

from relay.db_outage import DatabaseUnavailable, OutageWatch

logger = logging.getLogger(__name__)

#: jobs that share one transaction at most (a batch of 50-event requests stays well under 1 s)
MAX_BATCH = 128


@dataclass
class Job:
    """``work(session)`` (``orm``) or ``work(connection)``, answered through ``future``."""

    work: Callable[[Any], Any]
    orm: bool
    future: Future[Any] = field(default_factory=Future)


class _JobFailed(Exception):
    """A job of a batch run without savepoints raised: run the batch again with them."""


class _BatchOutage(Exception):
    """A job met an outage: the whole batch is rolled back."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class GroupCommitter:
    """``writers`` threads, each committing the batches it takes from one shared queue."""

    def __init__(self, engine: Engine, outages: OutageWatch, writers: int = 1,
                 name: str = "relay-db") -> None:
        self._engine = engine
        self._outages = outages
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True)
            for i in range(writers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, work: Callable[[Any], Any], *, orm: bool) -> Future[Any]:
        job = Job(work, orm)
        self._queue.put(job)
        return job.future

    def close(self) -> None:
        """Finish the queued jobs, then stop the writers."""
        for _thread in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()

    # the writer thread

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first] if first.future.set_running_or_notify_cancel() else []
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                if job.future.set_running_or_notify_cancel():  # not cancelled meanwhile
                    batch.append(job)
            if batch:
                self._run_batch(batch)
            if stop:
                return

    def _run_batch(self, batch: list[Job]) -> None:
        try:
            try:
                outcomes = self._attempt(batch, savepoints=False)
            except _JobFailed:
                outcomes = self._attempt(batch, savepoints=True)
        except _BatchOutage as outage:
            self._fail_all(batch, outage.error)
            return
        except DBAPIError as error:  # the BEGIN or the COMMIT
            self._fail_all(batch, error)
            return
        except BaseException as error:  # a bug here must not leave requests hanging
            logger.exception("database batch failed")
            self._fail_all(batch, error)
            return
        self._outages.succeeded()
        for job, (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                job.future.set_result(value)
            else:
                job.future.set_exception(value)

    def _attempt(self, batch: list[Job], savepoints: bool) -> list[tuple[bool, Any]]:
        """Run ``batch`` in one transaction and commit it. Without ``savepoints`` the first job
        that raises rolls everything back (``_JobFailed``); a batch of one needs none."""
        alone = len(batch) == 1
        outcomes: list[tuple[bool, Any]] = []
        with self._engine.connect() as connection:
            transaction = connection.begin()
            try:
                for job in batch:
                    outcome = self._run_one(connection, job, savepoint=savepoints and not alone)
                    if not outcome[0] and not savepoints and not alone:
                        raise _JobFailed
                    outcomes.append(outcome)
                if not outcomes[0][0] and alone:
                    if transaction.is_active:
                        transaction.rollback()
                else:
                    transaction.commit()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
        return outcomes

    def _run_one(self, connection: Connection, job: Job, savepoint: bool) -> tuple[bool, Any]:
        try:
            if job.orm:
                mode: JoinTransactionMode = "create_savepoint" if savepoint else "rollback_only"
                with Session(bind=connection, join_transaction_mode=mode,
                             expire_on_commit=False) as session:
                    try:
                        value = job.work(session)
                        session.commit()  # flushes (and releases the savepoint)
                    except BaseException:
                        session.rollback()  # to the savepoint, or (rollback_only) all of it
                        raise
            elif savepoint:
                with connection.begin_nested():
                    value = job.work(connection)
            else:
                value = job.work(connection)
        except DBAPIError as error:
            if self._outages.failed(error) is not None or error.connection_invalidated:
                raise _BatchOutage(error) from error
            return False, error
        except Exception as error:  # noqa: BLE001 - the job's own answer (StoreError, ...)
            return False, error
        return True, value

    def _fail_all(self, batch: list[Job], error: BaseException) -> None:
        outage = self._outages.failed(error) if isinstance(error, DBAPIError) else None
        for job in batch:
            job.future.set_exception(
                DatabaseUnavailable(outage.reason) if outage is not None else error)
