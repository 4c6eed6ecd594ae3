<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutoLockFeature</name>
    <message>
        <source>The screen could not be locked</source>
        <translation>无法锁定屏幕</translation>
    </message>
    <message>
        <source>No screen locker worked, so the screens are covered instead. Lock the computer yourself before leaving the desk, and tell IT.</source>
        <translation>没有可用的锁屏程序，屏幕已用遮挡画面盖住。离开座位前请手动锁定电脑屏幕，并告知IT人员。</translation>
    </message>
    <message>
        <source>Lock now</source>
        <translation>立即锁屏</translation>
    </message>
    <message>
        <source>Auto-lock is off</source>
        <translation>自动锁屏已关闭</translation>
    </message>
    <message numerus="yes">
        <source>Auto-lock after %n s without input</source>
        <translation>
            <numerusform>无操作 %n 秒后自动锁屏</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Auto-lock after %n min without input</source>
        <translation>
            <numerusform>无操作 %n 分钟后自动锁屏</numerusform>
        </translation>
    </message>
    <message>
        <source>No screen locker found: the screens are only covered</source>
        <translation>未找到锁屏程序：屏幕只会被遮挡，不会锁定</translation>
    </message>
    <message>
        <source>Last lock failed: the screens were covered instead</source>
        <translation>上次锁屏失败：已改为遮挡屏幕</translation>
    </message>
    <message>
        <source>Lock hotkey</source>
        <translation>锁屏快捷键</translation>
    </message>
    <message>
        <source>Session lock notifications</source>
        <translation>会话锁定通知</translation>
    </message>
</context>
<context>
    <name>CurtainWindow</name>
    <message>
        <source>Screen covered, not locked</source>
        <translation>屏幕已遮挡，但未锁定</translation>
    </message>
    <message>
        <source>Screen covered, trying to lock</source>
        <translation>屏幕已遮挡，正在尝试锁屏</translation>
    </message>
    <message>
        <source>Move the mouse or press a key to come back.</source>
        <translation>移动鼠标或按任意键返回。</translation>
    </message>
</context>
<context>
    <name>LockWarning</name>
    <message>
        <source>Screen lock</source>
        <translation>锁屏提醒</translation>
    </message>
    <message numerus="yes">
        <source>Locking in %n s — move the mouse or press a key to stay</source>
        <translation>
            <numerusform>%n 秒后锁屏 — 移动鼠标或按任意键可取消</numerusform>
        </translation>
    </message>
</context>
</TS>
