<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Agent Desk Safety Assistant</source>
            <translation>坐席安全助手</translation>
        </message>
        <message>
            <source>Version %1</source>
            <translation>版本 %1</translation>
        </message>
        <message>
            <source>in effect</source>
            <translation>生效中</translation>
        </message>
        <message>
            <source>not present</source>
            <translation>不存在</translation>
        </message>
        <message>
            <source>Policy file</source>
            <translation>策略文件</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置文件</translation>
        </message>
        <message>
            <source>Log</source>
            <translation>日志</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Keeps your desk safe: locks when you are away, reminds you to rest your eyes, guards customer data on the clipboard and helps you ask for help quietly.</source>
            <translation>守护您的工位安全：离开时自动锁屏，提醒您让眼睛休息，保护剪贴板中的客户信息，并让您能悄悄求助。</translation>
        </message>
    </context>
    <context>
        <name>Problems</name>
        <message>
            <source>cannot read the file: {error}</source>
            <translation>无法读取文件：{error}</translation>
        </message>
        <message>
            <source>not valid TOML: {error}</source>
            <translation>不是有效的 TOML：{error}</translation>
        </message>
        <message>
            <source>unknown section [{section}]</source>
            <translation>未知的分节 [{section}]</translation>
        </message>
        <message>
            <source>unknown setting</source>
            <translation>未知的设置项</translation>
        </message>
        <message>
            <source>expected {expected}, got {got!r}</source>
            <translation>应为 {expected}，实际为 {got!r}</translation>
        </message>
        <message>
            <source>{got!r} is not one of {choices}</source>
            <translation>{got!r} 不是可选值（{choices}）之一</translation>
        </message>
        <message>
            <source>{got!r} does not have the expected format</source>
            <translation>{got!r} 的格式不正确</translation>
        </message>
        <message>
            <source>{got!r} is below the minimum {limit} ({why})</source>
            <translation>{got!r} 低于最小值 {limit}（{why}）</translation>
        </message>
        <message>
            <source>{got!r} is above the maximum {limit} ({why})</source>
            <translation>{got!r} 超过最大值 {limit}（{why}）</translation>
        </message>
        <message>
            <source>fixed by the administrator's policy to {limit!r}</source>
            <translation>已由管理员策略固定为 {limit!r}</translation>
        </message>
        <message>
            <source>only the administrator's policy may set this</source>
            <translation>只有管理员策略可以设置此项</translation>
        </message>
        <message>
            <source>{got!r} is not a finite number</source>
            <translation>{got!r} 不是有限的数字</translation>
        </message>
        <message>
            <source>element {index} of the list: expected {expected}, got {got!r}</source>
            <translation>列表第 {index} 项：应为{expected}，实际为 {got!r}</translation>
        </message>
        <message>
            <source>set by the administrator's policy</source>
            <translation>由管理员策略规定</translation>
        </message>
        <message>
            <source>the product's hard limit</source>
            <translation>产品的硬性上限</translation>
        </message>
    </context>
    <context>
        <name>ProblemsDialog</name>
        <message>
            <source>Settings problems</source>
            <translation>设置问题</translation>
        </message>
        <message>
            <source>These entries could not be used. The assistant runs with safe defaults for them; the files were not changed.</source>
            <translation>以下条目无法使用。助手对这些条目采用安全的默认值运行；文件未被修改。</translation>
        </message>
    </context>
    <context>
        <name>Settings</name>
        <message>
            <source>General</source>
            <translation>常规</translation>
        </message>
        <message>
            <source>Auto-lock</source>
            <translation>自动锁屏</translation>
        </message>
        <message>
            <source>Breaks</source>
            <translation>工间休息</translation>
        </message>
        <message>
            <source>Clipboard guard</source>
            <translation>剪贴板保护</translation>
        </message>
        <message>
            <source>Help button</source>
            <translation>求助按钮</translation>
        </message>
        <message>
            <source>Leaving the desk</source>
            <translation>离岗检查</translation>
        </message>
        <message>
            <source>Supervisor connection</source>
            <translation>主管连接</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>Allow quitting the assistant</source>
            <translation>允许退出助手</translation>
        </message>
        <message>
            <source>Show desktop notifications</source>
            <translation>显示桌面通知</translation>
        </message>
        <message>
            <source>Lock automatically when I am away</source>
            <translation>离开时自动锁屏</translation>
        </message>
        <message>
            <source>Lock after no input for (minutes)</source>
            <translation>无操作多久后锁屏（分钟）</translation>
        </message>
        <message>
            <source>Warn before locking (seconds)</source>
            <translation>锁屏前提前提醒（秒）</translation>
        </message>
        <message>
            <source>Lock command</source>
            <translation>锁屏命令</translation>
        </message>
        <message>
            <source>Lock-now hotkey</source>
            <translation>立即锁屏快捷键</translation>
        </message>
        <message>
            <source>Remind me to take breaks</source>
            <translation>提醒我休息</translation>
        </message>
        <message>
            <source>Rhythm</source>
            <translation>休息节奏</translation>
        </message>
        <message>
            <source>Eye break every (minutes of work)</source>
            <translation>护眼休息间隔（工作分钟数）</translation>
        </message>
        <message>
            <source>Eye break length (seconds)</source>
            <translation>护眼休息时长（秒）</translation>
        </message>
        <message>
            <source>Rest break every (minutes of work)</source>
            <translation>工间休息间隔（工作分钟数）</translation>
        </message>
        <message>
            <source>Rest break length (minutes)</source>
            <translation>工间休息时长（分钟）</translation>
        </message>
        <message>
            <source>Pomodoro work period (minutes)</source>
            <translation>番茄钟工作时长（分钟）</translation>
        </message>
        <message>
            <source>Pomodoro break (minutes)</source>
            <translation>番茄钟休息时长（分钟）</translation>
        </message>
        <message>
            <source>Notice before a break (seconds)</source>
            <translation>休息前提前通知（秒）</translation>
        </message>
        <message>
            <source>Postpone by (minutes)</source>
            <translation>每次推迟（分钟）</translation>
        </message>
        <message>
            <source>Postpones allowed per break</source>
            <translation>每次休息可推迟次数</translation>
        </message>
        <message>
            <source>Strict (no skipping)</source>
            <translation>严格模式（不可跳过）</translation>
        </message>
        <message>
            <source>"On a call" ends by itself after (minutes)</source>
            <translation>“通话中”状态自动结束时间（分钟）</translation>
        </message>
        <message>
            <source>Watch the clipboard for customer data</source>
            <translation>监视剪贴板中的客户信息</translation>
        </message>
        <message>
            <source>When customer data is copied</source>
            <translation>复制到客户信息时</translation>
        </message>
        <message>
            <source>Clear the clipboard after (seconds)</source>
            <translation>多久后清空剪贴板（秒）</translation>
        </message>
        <message>
            <source>Kinds of data to look for</source>
            <translation>要识别的信息类型</translation>
        </message>
        <message>
            <source>Silent help button</source>
            <translation>静默求助按钮</translation>
        </message>
        <message>
            <source>Use the help hotkey</source>
            <translation>启用求助快捷键</translation>
        </message>
        <message>
            <source>Help hotkey</source>
            <translation>求助快捷键</translation>
        </message>
        <message>
            <source>Hotkey confirmation</source>
            <translation>快捷键确认方式</translation>
        </message>
        <message>
            <source>Hold the hotkey for (seconds, with "hold")</source>
            <translation>按住求助快捷键的时长（秒，“按住”确认时）</translation>
        </message>
        <message>
            <source>Disguised menu entry</source>
            <translation>伪装菜单项</translation>
        </message>
        <message>
            <source>Disguised menu entry label</source>
            <translation>伪装菜单项名称</translation>
        </message>
        <message>
            <source>Use a code word</source>
            <translation>启用暗语</translation>
        </message>
        <message>
            <source>Code word</source>
            <translation>暗语</translation>
        </message>
        <message>
            <source>Allow the help command (foot pedal, buttons)</source>
            <translation>允许求助命令（脚踏开关、按钮）</translation>
        </message>
        <message>
            <source>Sign that help is coming</source>
            <translation>求助已收到的提示</translation>
        </message>
        <message>
            <source>Remind me to test the alarm every (days)</source>
            <translation>提醒我测试报警的间隔（天）</translation>
        </message>
        <message>
            <source>Self-check before leaving</source>
            <translation>离岗前自检</translation>
        </message>
        <message>
            <source>Leaving-my-desk hotkey</source>
            <translation>离岗快捷键</translation>
        </message>
        <message>
            <source>Shift ends at (HH:MM)</source>
            <translation>下班时间（如 18:00）</translation>
        </message>
        <message>
            <source>Shift-end reminder on weekdays (1 = Monday)</source>
            <translation>下班提醒的星期（1 = 星期一）</translation>
        </message>
        <message>
            <source>Customer-data applications (window title patterns)</source>
            <translation>含客户信息的应用（窗口标题关键字）</translation>
        </message>
        <message>
            <source>Extra checklist items</source>
            <translation>附加检查项</translation>
        </message>
        <message>
            <source>Relay address</source>
            <translation>中继服务器地址</translation>
        </message>
        <message>
            <source>Agent ID</source>
            <translation>坐席 ID</translation>
        </message>
        <message>
            <source>Seat</source>
            <translation>座位号</translation>
        </message>
        <message>
            <source>Heartbeat every (seconds)</source>
            <translation>心跳间隔（秒）</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>简体中文</source>
            <translation>简体中文</translation>
        </message>
        <message>
            <source>English</source>
            <translation>English</translation>
        </message>
        <message>
            <source>20-20-20 eye breaks and hourly rest</source>
            <translation>20-20-20 护眼休息和每小时休息</translation>
        </message>
        <message>
            <source>Pomodoro 25/5</source>
            <translation>番茄工作法 25/5</translation>
        </message>
        <message>
            <source>Warn me</source>
            <translation>提醒我</translation>
        </message>
        <message>
            <source>Mask it at once</source>
            <translation>立即脱敏</translation>
        </message>
        <message>
            <source>Clear the clipboard after a while</source>
            <translation>稍后清空剪贴板</translation>
        </message>
        <message>
            <source>None</source>
            <translation>无</translation>
        </message>
        <message>
            <source>Press twice</source>
            <translation>连按两次</translation>
        </message>
        <message>
            <source>Hold down</source>
            <translation>按住不放</translation>
        </message>
        <message>
            <source>A small mark on the tray icon</source>
            <translation>托盘图标上的小标记</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Safety Assistant settings</source>
            <translation>安全助手设置</translation>
        </message>
        <message>
            <source>Only the administrator's policy can set this.</source>
            <translation>只有管理员策略可以设置此项。</translation>
        </message>
        <message>
            <source>Fixed by the administrator's policy.</source>
            <translation>已由管理员策略固定。</translation>
        </message>
        <message>
            <source>Set by the administrator's policy</source>
            <translation>由管理员策略设定</translation>
        </message>
        <message>
            <source>The administrator's policy allows %1 to %2.</source>
            <translation>管理员策略允许的范围：%1 至 %2。</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>%1: needs the %2 permission (System Settings › Privacy &amp; Security › %2), then restart the app</source>
            <translation>%1：需要“%2”权限（系统设置 › 隐私与安全性 › %2），授权后请重新启动本程序</translation>
        </message>
        <message>
            <source>Not available on this computer:</source>
            <translation>本机无法使用：</translation>
        </message>
        <message>
            <source>Changed outside this window while you were editing it (Save will replace it with what you entered here):</source>
            <translation>您编辑期间，以下设置在本窗口之外被修改（点击“保存”将以您在此填写的内容替换）：</translation>
        </message>
        <message>
            <source>These settings were changed outside this window; the new values are shown.</source>
            <translation>这些设置已在本窗口之外被修改，现显示新的值。</translation>
        </message>
        <message>
            <source>Set a PIN (“Set PIN…” in the tray menu) so that only you can change these settings.</source>
            <translation>请先设置 PIN（托盘菜单中的“设置 PIN…”），这样只有您本人才能更改这些设置。</translation>
        </message>
        <message>
            <source>These settings are protected: enter your PIN to change them.</source>
            <translation>这些设置受保护：请输入您的 PIN 后再更改。</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>PIN</translation>
        </message>
        <message>
            <source>Unlock</source>
            <translation>解锁</translation>
        </message>
        <message>
            <source>The PIN could not be checked: %1</source>
            <translation>无法验证 PIN：%1</translation>
        </message>
        <message>
            <source>Wrong PIN.</source>
            <translation>PIN 不正确。</translation>
        </message>
        <message>
            <source>%1 min</source>
            <translation>%1 分钟</translation>
        </message>
        <message>
            <source>Not saved:</source>
            <translation>未保存：</translation>
        </message>
    </context>
    <context>
        <name>SettingsEditors</name>
        <message>
            <source>Click here and press the new key combination.</source>
            <translation>点击此处，然后按下新的组合键。</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>还原</translation>
        </message>
        <message>
            <source>Keep the hotkey as it was</source>
            <translation>保留原来的快捷键</translation>
        </message>
        <message>
            <source>This key cannot be used for a hotkey.</source>
            <translation>此按键不能用作快捷键。</translation>
        </message>
        <message>
            <source>Use Ctrl, Alt, Shift or the Windows key together with another key.</source>
            <translation>请将 Ctrl、Alt、Shift 或 Windows 键与另一个键一起按下。</translation>
        </message>
        <message>
            <source>The system or other programs already use this combination.</source>
            <translation>系统或其他程序已在使用此组合键。</translation>
        </message>
        <message>
            <source>Already used for: %1</source>
            <translation>已用于：%1</translation>
        </message>
    </context>
    <context>
        <name>TrayHost</name>
        <message>
            <source>Agent Desk Safety Assistant</source>
            <translation>坐席安全助手</translation>
        </message>
        <message numerus="yes">
            <source>Settings need attention (problems: %n)</source>
            <translation>
                <numerusform>设置需要处理（%n 个问题）</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Settings problems (%n)…</source>
            <translation>
                <numerusform>设置问题（%n）…</numerusform>
            </translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>设置…</translation>
        </message>
        <message>
            <source>About</source>
            <translation>关于</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Safety Assistant: settings problem</source>
            <translation>安全助手：设置有问题</translation>
        </message>
    </context>
</TS>