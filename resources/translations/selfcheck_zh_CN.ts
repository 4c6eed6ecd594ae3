<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>SelfCheckDialog</name>
    <message>
        <source>End of shift</source>
        <translation>下班离场</translation>
    </message>
    <message>
        <source>Last round before you leave for the day. The computer checks what it can; please confirm the rest, then lock the screen.</source>
        <translation>下班离场前，请进行最后一轮检查。电脑会自动检查能查的项目，其余请您逐项确认，然后锁屏。</translation>
    </message>
    <message>
        <source>Leaving my desk</source>
        <translation>离开工位</translation>
    </message>
    <message>
        <source>Lock the computer whenever you leave the desk. The computer checks what it can; please confirm the rest.</source>
        <translation>无论短暂离开还是下班离开，都必须锁定电脑屏幕。电脑会自动检查能查的项目，其余请您逐项确认。</translation>
    </message>
    <message>
        <source>Checked by the computer</source>
        <translation>电脑自动检查</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请您确认</translation>
    </message>
    <message>
        <source>Check a&amp;gain</source>
        <translation>重新检查(&amp;G)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Lock an&amp;yway</source>
        <translation>未完成，直接锁屏(&amp;Y)</translation>
    </message>
    <message>
        <source>Lock now although not every item is done; your supervisor sees what was left open.</source>
        <translation>虽有未完成的项目，仍立即锁屏；主管会看到哪些项目未完成。</translation>
    </message>
    <message>
        <source>&amp;Lock and go</source>
        <translation>锁屏离开(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Clear clipboard</source>
        <translation>清空剪贴板(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;ject drive</source>
        <translation>弹出U盘(&amp;J)</translation>
    </message>
    <message>
        <source>Close &amp;windows</source>
        <translation>关闭这些窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Locking the screen…</source>
        <translation>正在锁屏…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Everything is in order. Lock the screen and go.</source>
        <translation>全部检查通过，请锁屏离开。</translation>
    </message>
    <message numerus="yes">
        <source>Items still open: %n.</source>
        <translation>
            <numerusform>还有 %n 项未完成。</numerusform>
        </translation>
    </message>
    <message>
        <source>The screen could not be locked. Lock it yourself (Win+L or Ctrl+Alt+Del) before you leave, and tell IT.</source>
        <translation>未能锁定屏幕。离开前请自行锁屏（Win+L 或 Ctrl+Alt+Del），并告知IT部门。</translation>
    </message>
</context>
<context>
    <name>SelfCheckFeature</name>
    <message>
        <source>End of shift</source>
        <translation>下班离场</translation>
    </message>
    <message>
        <source>Before you leave: do the last round of checks and lock the screen.</source>
        <translation>离场前请进行最后一轮检查，并锁定电脑屏幕。</translation>
    </message>
    <message>
        <source>Leaving my desk…</source>
        <translation>离开工位…</translation>
    </message>
    <message>
        <source>End of shift…</source>
        <translation>下班离场…</translation>
    </message>
    <message>
        <source>End-of-shift check at %1</source>
        <translation>下班离场检查：%1</translation>
    </message>
    <message>
        <source>Last desk check: complete</source>
        <translation>上次离岗检查：已完成</translation>
    </message>
    <message numerus="yes">
        <source>Last desk check: items left open: %n</source>
        <translation>
            <numerusform>上次离岗检查：%n 项未完成</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfCheckTexts</name>
    <message>
        <source>Customer information is still on the clipboard</source>
        <translation>剪贴板里还有客户信息</translation>
    </message>
    <message>
        <source>A USB drive is still in the computer</source>
        <translation>电脑上还插着U盘</translation>
    </message>
    <message>
        <source>A print job is still waiting at the printer</source>
        <translation>打印机还有待打印的任务</translation>
    </message>
    <message>
        <source>A customer-data application is still open</source>
        <translation>客户数据程序还开着</translation>
    </message>
    <message>
        <source>No customer information on the clipboard</source>
        <translation>剪贴板中没有客户信息</translation>
    </message>
    <message>
        <source>No USB drive left in the computer</source>
        <translation>没有U盘等移动存储设备留在电脑上</translation>
    </message>
    <message>
        <source>No print job waiting at the printer</source>
        <translation>打印机上没有待取的打印任务</translation>
    </message>
    <message>
        <source>Customer-data applications closed</source>
        <translation>含有客户信息的系统已关闭</translation>
    </message>
    <message>
        <source>&amp;Paper documents put away or face down</source>
        <translation>纸质文件已收起或翻面(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;rintouts collected</source>
        <translation>打印件已取走(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Valuables locked away</source>
        <translation>贵重物品已锁好(&amp;V)</translation>
    </message>
    <message>
        <source>All &amp;applications closed</source>
        <translation>所有应用程序已关闭(&amp;A)</translation>
    </message>
    <message>
        <source>Electrical &amp;equipment switched off</source>
        <translation>电器已断电(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Files archived</source>
        <translation>文件已归档(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Doors and windows closed</source>
        <translation>门窗已关好(&amp;D)</translation>
    </message>
    <message>
        <source>Screen locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Use &apos;Safely Remove Hardware&apos; in the taskbar, then take the drive with you.</source>
        <translation>请在任务栏中使用“安全删除硬件”，然后带走U盘。</translation>
    </message>
    <message>
        <source>Eject it in the Finder, then take the drive with you.</source>
        <translation>请在“访达”中推出，然后带走U盘。</translation>
    </message>
    <message>
        <source>Eject it in the file manager, then take the drive with you.</source>
        <translation>请在文件管理器中弹出，然后带走U盘。</translation>
    </message>
    <message>
        <source>Nothing sensitive on the clipboard.</source>
        <translation>剪贴板中没有敏感信息。</translation>
    </message>
    <message>
        <source>On the clipboard: %1. Clear it before you leave.</source>
        <translation>剪贴板中有：%1。离开前请清空。</translation>
    </message>
    <message>
        <source>The clipboard cannot be read here; make sure you copied no customer information.</source>
        <translation>此处无法读取剪贴板，请确认您没有复制客户信息。</translation>
    </message>
    <message>
        <source>No removable drive found.</source>
        <translation>未发现移动存储设备。</translation>
    </message>
    <message>
        <source>Still connected: %1.</source>
        <translation>仍然连接着：%1。</translation>
    </message>
    <message>
        <source>USB drives cannot be checked here; make sure you leave none behind.</source>
        <translation>此处无法检查U盘，请确认没有遗留U盘。</translation>
    </message>
    <message>
        <source>None of your print jobs is waiting.</source>
        <translation>您没有待打印的任务。</translation>
    </message>
    <message>
        <source>The print queue cannot be checked here; collect your printouts yourself.</source>
        <translation>此处无法检查打印队列，请自行取走打印件。</translation>
    </message>
    <message>
        <source>No customer-data application is open.</source>
        <translation>没有打开含有客户信息的系统。</translation>
    </message>
    <message>
        <source>Still open: %1.</source>
        <translation>仍然打开着：%1。</translation>
    </message>
    <message>
        <source>Close them yourself.</source>
        <translation>请自行关闭。</translation>
    </message>
    <message>
        <source>No customer-data applications are configured; close them yourself.</source>
        <translation>未配置含有客户信息的系统，请自行关闭。</translation>
    </message>
    <message>
        <source>Open windows cannot be checked here; close customer-data applications yourself.</source>
        <translation>此处无法检查打开的窗口，请自行关闭含有客户信息的系统。</translation>
    </message>
    <message>
        <source>This check did not work; check it yourself.</source>
        <translation>此项检查未能完成，请自行检查。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
</context>
</TS>
