<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>IncidentNoteDialog</name>
    <message>
        <source>Incident note</source>
        <translation>事件记录</translation>
    </message>
    <message>
        <source>Alarm at %1</source>
        <translation>%1 的报警</translation>
    </message>
    <message>
        <source>What happened: the customer&apos;s words and actions, what you did, who helped.</source>
        <translation>发生了什么：客户的言语和行为、您采取的措施、谁提供了帮助。</translation>
    </message>
    <message>
        <source>ID, bank card and phone numbers are masked before the note is sent to the supervisors.</source>
        <translation>身份证号、银行卡号和手机号会在发送给主管前脱敏处理。</translation>
    </message>
    <message>
        <source>No alarm was raised since the Safety Assistant started, so there is nothing to attach a note to.</source>
        <translation>坐席安全助手启动以来没有发出过报警，因此无法附加事件记录。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PanicFeature</name>
    <message>
        <source>Test the alarm</source>
        <translation>测试报警</translation>
    </message>
    <message>
        <source>This computer is not connected to the supervisors&apos; relay yet: the test alarm waits on this computer until it is.</source>
        <translation>本机尚未连接主管中继服务器：测试报警将保存在本机，连接后再发送。</translation>
    </message>
    <message>
        <source>The code word needs a permission</source>
        <translation>暗语需要一项权限</translation>
    </message>
    <message>
        <source>To hear the code word, allow Safety Assistant in System Settings › Privacy &amp; Security › %1, then restart it. The hotkey and the menu entry work without it.</source>
        <translation>要识别暗语，请在“系统设置 › 隐私与安全性 › 输入监控（%1）”中允许坐席安全助手，然后重新启动它。快捷键和菜单项不需要此权限。</translation>
    </message>
    <message>
        <source>The test alarm reached a supervisor.</source>
        <translation>测试报警已送达主管。</translation>
    </message>
    <message>
        <source>Time for an alarm drill</source>
        <translation>该进行报警演练了</translation>
    </message>
    <message>
        <source>Practise the silent alarm: choose “Test the alarm” in the Safety Assistant menu. It checks that a supervisor receives your alarm.</source>
        <translation>请定期演练静默报警：在坐席安全助手菜单中选择“测试报警”，确认主管能收到您的报警。</translation>
    </message>
    <message>
        <source>I&apos;m safe</source>
        <translation>我已安全</translation>
    </message>
    <message>
        <source>Test alarm queued for the supervisors. A confirmation appears once a supervisor&apos;s console has shown it.</source>
        <translation>测试报警已排队发送给主管。主管控制台显示后，您会收到确认。</translation>
    </message>
    <message>
        <source>Calling the alarm off: the supervisors are told as soon as the relay can be reached.</source>
        <translation>正在解除报警：一旦连上中继服务器，主管就会收到通知。</translation>
    </message>
    <message>
        <source>Incident note</source>
        <translation>事件记录</translation>
    </message>
    <message>
        <source>The incident note is queued for the supervisors; it is sent as soon as the relay can be reached.</source>
        <translation>事件记录已排队等待发送给主管，连上中继后即发出。</translation>
    </message>
    <message>
        <source>Check for updates</source>
        <translation>检查更新</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>I&apos;m safe…</source>
        <translation>我已安全…</translation>
    </message>
    <message>
        <source>Incident note…</source>
        <translation>事件记录…</translation>
    </message>
    <message>
        <source>Set PIN…</source>
        <translation>设置 PIN…</translation>
    </message>
    <message>
        <source>Help hotkey</source>
        <translation>求助快捷键</translation>
    </message>
    <message>
        <source>Code word</source>
        <translation>暗语</translation>
    </message>
</context>
<context>
    <name>SafeDialog</name>
    <message>
        <source>I&apos;m safe</source>
        <translation>我已安全</translation>
    </message>
    <message>
        <source>Enter your PIN to call off the alarm.</source>
        <translation>请输入您的 PIN 以取消报警。</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Call off</source>
        <translation>取消报警</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No PIN is set yet. Set one with “Set PIN…” in the menu first.</source>
        <translation>尚未设置 PIN。请先在菜单中通过“设置 PIN…”设置。</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>PIN 不正确，请重试。</translation>
    </message>
</context>
<context>
    <name>SetPinDialog</name>
    <message>
        <source>Set PIN</source>
        <translation>设置 PIN</translation>
    </message>
    <message>
        <source>With “I&apos;m safe” your PIN calls an alarm off. The duress PIN looks exactly the same on this screen, but tells the supervisor that you are being made to call it off. Choose PINs you can type without looking; tell nobody.</source>
        <translation>在“我已安全”中输入 PIN 即可取消报警。输入胁迫 PIN 时，本机屏幕上的显示完全相同，但主管会得知您是被迫取消的。请选择不看键盘也能输入的 PIN，且不要告诉任何人。</translation>
    </message>
    <message>
        <source>Current PIN</source>
        <translation>当前 PIN</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新 PIN</translation>
    </message>
    <message>
        <source>Repeat the PIN</source>
        <translation>再次输入 PIN</translation>
    </message>
    <message>
        <source>Duress PIN (optional)</source>
        <translation>胁迫 PIN（可选）</translation>
    </message>
    <message>
        <source>Repeat the duress PIN</source>
        <translation>再次输入胁迫 PIN</translation>
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
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <source>The two duress PINs differ.</source>
        <translation>两次输入的胁迫 PIN 不一致。</translation>
    </message>
    <message>
        <source>The PIN could not be saved in the system keyring: %1</source>
        <translation>无法将 PIN 保存到系统密钥环：%1</translation>
    </message>
    <message>
        <source>A PIN needs at least 4 characters.</source>
        <translation>PIN 至少需要 4 个字符。</translation>
    </message>
    <message>
        <source>A PIN has at most 32 characters.</source>
        <translation>PIN 最多 32 个字符。</translation>
    </message>
    <message>
        <source>The duress PIN must differ from the PIN.</source>
        <translation>胁迫 PIN 必须与 PIN 不同。</translation>
    </message>
    <message>
        <source>The current PIN is not right.</source>
        <translation>当前 PIN 不正确。</translation>
    </message>
</context>
</TS>
