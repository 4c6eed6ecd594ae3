<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlarmWindow</name>
    <message>
        <source>Seat</source>
        <translation>座位号</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Triggered by</source>
        <translation>触发方式</translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation>未处理报警</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>确认收到(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>处理完毕(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>TEST — drill, not a real emergency</source>
        <translation>测试 — 演练，并非真实紧急情况</translation>
    </message>
    <message>
        <source>DURESS — the agent signals danger under pressure</source>
        <translation>胁迫报警 — 坐席在被胁迫下发出危险信号</translation>
    </message>
    <message>
        <source>EMERGENCY — the agent needs help now</source>
        <translation>紧急求助 — 坐席需要立即支援</translation>
    </message>
    <message>
        <source>TEST</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>DURESS</source>
        <translation>胁迫</translation>
    </message>
    <message>
        <source>EMERGENCY</source>
        <translation>紧急求助</translation>
    </message>
</context>
<context>
    <name>ConsoleController</name>
    <message>
        <source>The relay did not take it: %1</source>
        <translation>中继未接受此操作：%1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Supervisor console — log in</source>
        <translation>主管控制台 — 登录</translation>
    </message>
    <message>
        <source>Relay: %1</source>
        <translation>中继：%1</translation>
    </message>
    <message>
        <source>Remember password (kept in the system keyring)</source>
        <translation>记住密码（保存在系统密钥环中）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>NoteViewer</name>
    <message>
        <source>Close</source>
        <extracomment>The floor&apos;s &quot;Doing&quot; cell of a seat with an alarm nobody acknowledged yet.</extracomment>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve alert</source>
        <translation>处理报警</translation>
    </message>
    <message>
        <source>What happened and what was done (the customer&apos;s words and actions, who helped)</source>
        <translation>发生了什么、采取了哪些措施（客户的言语和行为，由谁协助处理）</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>处理完毕</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理记录</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message>
        <source>The relay asks you to log in again.</source>
        <translation>中继要求重新登录。</translation>
    </message>
    <message>
        <source>The remembered password was not accepted. Enter it again.</source>
        <translation>已记住的密码未被接受，请重新输入。</translation>
    </message>
    <message>
        <source>Wrong name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Cannot reach the relay: %1</source>
        <translation>无法连接中继：%1</translation>
    </message>
</context>
<context>
    <name>SupervisorTexts</name>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Emergency help</source>
        <translation>紧急求助</translation>
    </message>
    <message>
        <source>Duress alarm</source>
        <translation>胁迫报警</translation>
    </message>
    <message>
        <source>TEST alarm (drill)</source>
        <translation>测试报警（演练）</translation>
    </message>
    <message>
        <source>Screen lock failed</source>
        <translation>锁屏失败</translation>
    </message>
    <message>
        <source>%1 ×%2, last %3</source>
        <translation>%1 ×%2，最近 %3</translation>
    </message>
    <message>
        <source>1 open alarm</source>
        <translation>1 个未处理报警</translation>
    </message>
    <message>
        <source>%1 open alarms</source>
        <translation>%1 个未处理报警</translation>
    </message>
    <message>
        <source>waiting %1 h %2 min %3 s</source>
        <translation>已等待 %1 小时 %2 分 %3 秒</translation>
    </message>
    <message>
        <source>waiting %1 min %2 s</source>
        <translation>已等待 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>waiting %1 s</source>
        <translation>已等待 %1 秒</translation>
    </message>
    <message>
        <source>WeCom</source>
        <translation>企业微信</translation>
    </message>
    <message>
        <source>DingTalk</source>
        <translation>钉钉</translation>
    </message>
    <message>
        <source>Feishu</source>
        <translation>飞书</translation>
    </message>
    <message>
        <source>Webhook</source>
        <translation>Webhook</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>%1 not reachable since %2</source>
        <translation>%1不可达（自 %2 起）</translation>
    </message>
    <message>
        <source>%1 not reachable</source>
        <translation>%1不可达</translation>
    </message>
    <message>
        <source>, 1 escalation waiting</source>
        <translation>，1 条升级待发送</translation>
    </message>
    <message>
        <source>, %1 escalations waiting</source>
        <translation>，%1 条升级待发送</translation>
    </message>
    <message>
        <source>The relay speaks protocol %1, this console %2: alerts still arrive, but ask IT to update this console.</source>
        <translation>中继使用协议 %1，本控制台使用协议 %2：报警仍可送达，但请联系 IT 更新本控制台。</translation>
    </message>
    <message>
        <source>The relay speaks protocol %1, this console %2: ask IT to update the relay; some alerts may not show correctly.</source>
        <translation>中继使用协议 %1，本控制台使用协议 %2：请联系 IT 更新中继；部分报警可能无法正确显示。</translation>
    </message>
    <message>
        <source>The relay does not say which protocol it speaks (this console: %2): ask IT to update the relay; some alerts may not show correctly.</source>
        <translation>中继未说明其使用的协议（本控制台：%2）：请联系 IT 更新中继；部分报警可能无法正确显示。</translation>
    </message>
    <message>
        <source>clock off by %1 s</source>
        <translation>时钟偏差 %1 秒</translation>
    </message>
    <message>
        <source>Waiting for acknowledgement</source>
        <translation>等待确认</translation>
    </message>
    <message>
        <source>Acknowledged by %1</source>
        <translation>已由 %1 确认</translation>
    </message>
    <message>
        <source>Cancelled by the agent</source>
        <translation>坐席已取消</translation>
    </message>
    <message>
        <source>Resolved by %1</source>
        <translation>已由 %1 处理完毕</translation>
    </message>
    <message>
        <source>hotkey</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>tray menu</source>
        <translation>托盘菜单</translation>
    </message>
    <message>
        <source>code word</source>
        <translation>代码词</translation>
    </message>
    <message>
        <source>foot pedal</source>
        <translation>脚踏开关</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>help button</source>
        <translation>求助按钮</translation>
    </message>
    <message>
        <source>scheduled test</source>
        <translation>定期测试</translation>
    </message>
    <message>
        <source>duress PIN (agent under duress)</source>
        <translation>胁迫密码（坐席正受胁迫）</translation>
    </message>
    <message>
        <source>Alarm cancelled by the agent</source>
        <translation>坐席取消了报警</translation>
    </message>
    <message>
        <source>Note from the agent</source>
        <translation>坐席补充说明</translation>
    </message>
    <message>
        <source>Desk self-check done</source>
        <translation>离岗自查完成</translation>
    </message>
    <message>
        <source>App closed</source>
        <translation>程序已关闭</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>app closed</source>
        <translation>程序已关闭</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>not yet registered</source>
        <translation>尚未登记</translation>
    </message>
    <message>
        <source>working</source>
        <translation>工作中</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>无操作</translation>
    </message>
    <message>
        <source>screen locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <source>on a break</source>
        <translation>休息中</translation>
    </message>
    <message>
        <source>on a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>%1 passed, %2 failed (%3)</source>
        <translation>%1 项通过，%2 项未通过（%3）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>%1 passed, %2 failed</source>
        <translation>%1 项通过，%2 项未通过</translation>
    </message>
    <message>
        <source>end of shift</source>
        <translation>下班离场</translation>
    </message>
    <message>
        <source>Triggered by</source>
        <translation>触发方式</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Instead</source>
        <translation>改为</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>screens covered</source>
        <translation>已遮挡屏幕</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>Agent Desk Safety Assistant</source>
        <translation>坐席安全助手</translation>
    </message>
    <message>
        <source>Not connected — reconnecting…</source>
        <translation>未连接 — 正在重连…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>座位号</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Triggered by</source>
        <translation>触发方式</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Acknowledge</source>
        <translation>确认收到(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>处理完毕(&amp;R)…</translation>
    </message>
    <message>
        <source>No open alerts.</source>
        <translation>暂无未处理的报警。</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Doing</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后在线</translation>
    </message>
    <message>
        <source>Last desk self-check</source>
        <translation>最近一次离岗自查</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>处理完毕</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>未处理报警</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>坐席现场</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Live feed</source>
        <translation>实时动态</translation>
    </message>
    <message>
        <source>Not connected — please log in again</source>
        <translation>未连接 — 请重新登录</translation>
    </message>
    <message>
        <source>Logged in as %1 · relay %2 · supervisors on duty: %3</source>
        <translation>当前用户 %1 · 中继 %2 · 在岗主管：%3</translation>
    </message>
    <message numerus="yes">
        <source>Open alerts (%n)</source>
        <translation>
            <numerusform>未处理报警（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>This workstation&apos;s clock is more than a minute off; ask IT to set it.</source>
        <translation>这台工作站的时钟偏差超过一分钟，请联系 IT 校准。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>处理记录：%1</translation>
    </message>
</context>
</TS>
