<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlertChannelFeature</name>
    <message>
        <source>Connection: not set up</source>
        <extracomment>Never counted in the tooltip: a silent alarm waiting for the relay must not show on screen.</extracomment>
        <translation>连接：未设置</translation>
    </message>
    <message>
        <source>Connection: this computer is not registered</source>
        <translation>连接：本机尚未登记</translation>
    </message>
    <message>
        <source>Connection: connecting…</source>
        <translation>连接：正在连接…</translation>
    </message>
    <message>
        <source>Not connected to the relay</source>
        <translation>未连接中继</translation>
    </message>
    <message>
        <source>Not connected: check the workstation clock</source>
        <translation>未连接：请检查本机时钟</translation>
    </message>
    <message numerus="yes">
        <source>Connection: supervisor online (%n)</source>
        <translation>
            <numerusform>连接：主管在线（%n）</numerusform>
        </translation>
    </message>
    <message>
        <source>Connection: no supervisor online</source>
        <translation>连接：暂无主管在线</translation>
    </message>
    <message>
        <source>Check the workstation clock (it is off by more than a minute)</source>
        <translation>请检查本机时钟（误差超过一分钟）</translation>
    </message>
    <message numerus="yes">
        <source>Messages kept on this computer until connected: %n</source>
        <translation>
            <numerusform>%n 条消息暂存本机，连接后发送</numerusform>
        </translation>
    </message>
</context>
</TS>
