<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClipboardFeature</name>
    <message>
        <source>Customer data masked on the clipboard</source>
        <translation>剪贴板中的客户信息已脱敏</translation>
    </message>
    <message>
        <source>You can paste it now.</source>
        <translation>现在可以粘贴了。</translation>
    </message>
    <message>
        <source>Customer data on the clipboard</source>
        <translation>剪贴板中有客户信息</translation>
    </message>
    <message numerus="yes">
        <source>The clipboard will be cleared in %n s.</source>
        <translation>
            <numerusform>剪贴板将在 %n 秒后清空。</numerusform>
        </translation>
    </message>
    <message>
        <source>Clipboard guard: not available</source>
        <translation>剪贴板保护：不可用</translation>
    </message>
    <message>
        <source>Clipboard guard: off</source>
        <translation>剪贴板保护：已关闭</translation>
    </message>
    <message numerus="yes">
        <source>Clipboard guard: on (cleared today: %n)</source>
        <translation>
            <numerusform>剪贴板保护：已开启（今日清空 %n 次）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Clipboard guard: on (masked today: %n)</source>
        <translation>
            <numerusform>剪贴板保护：已开启（今日脱敏 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <source>Clear clipboard now</source>
        <translation>立即清空剪贴板</translation>
    </message>
</context>
<context>
    <name>ClipboardKinds</name>
    <message>
        <source>Resident ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Bank card number</source>
        <translation>银行卡号</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Passport number</source>
        <translation>护照号</translation>
    </message>
    <message>
        <source>Hong Kong ID number</source>
        <translation>香港身份证号</translation>
    </message>
    <message>
        <source>Taiwan ID number</source>
        <translation>台湾身份证号</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Landline number</source>
        <translation>固定电话</translation>
    </message>
</context>
<context>
    <name>ClipboardToast</name>
    <message>
        <source>Safety Assistant: clipboard</source>
        <translation>坐席安全助手：剪贴板</translation>
    </message>
    <message>
        <source>Customer data on the clipboard</source>
        <translation>剪贴板中有客户信息</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Mask it before pasting, unless the customer&apos;s own record needs it.</source>
        <translation>粘贴前请先脱敏，除非客户本人的记录确需完整信息。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Mask now</source>
        <translation>立即脱敏</translation>
    </message>
    <message>
        <source>{kind}: {value}</source>
        <translation>{kind}：{value}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 项</numerusform>
        </translation>
    </message>
</context>
</TS>
