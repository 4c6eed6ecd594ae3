<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BreakFeature</name>
    <message>
        <source>Safety Assistant</source>
        <translation>坐席安全助手</translation>
    </message>
    <message>
        <source>&quot;On a call&quot; has switched itself off. Breaks are back on.</source>
        <translation>“通话中”已自动关闭，休息提醒已恢复。</translation>
    </message>
    <message>
        <source>Eye break in %1: look at something 6 m away.</source>
        <translation>%1后护眼休息：请看看 6 米外的物体。</translation>
    </message>
    <message>
        <source>%2 in %1: finish what you are doing.</source>
        <translation>%1后%2：请收个尾。</translation>
    </message>
    <message>
        <source>Break coming up</source>
        <translation>即将休息</translation>
    </message>
    <message>
        <source>Take a break now</source>
        <translation>现在休息</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Calm down (breathing)</source>
        <translation>平复情绪（呼吸练习）</translation>
    </message>
    <message>
        <source>Breaks: off</source>
        <translation>休息提醒：已关闭</translation>
    </message>
    <message>
        <source>%1 now, %2 left</source>
        <translation>正在%1，还剩 %2</translation>
    </message>
    <message>
        <source>%1 waiting: %2</source>
        <translation>%1暂缓：%2</translation>
    </message>
    <message>
        <source>Next %1 in %2 of work</source>
        <translation>再工作 %2后%1</translation>
    </message>
    <message>
        <source>Breaks: on</source>
        <translation>休息提醒：已开启</translation>
    </message>
    <message>
        <source>on a call (ends by itself in %1)</source>
        <translation>通话中（%1后自动结束）</translation>
    </message>
    <message>
        <source>Today: %1 active · breaks %2 taken, %3 postponed, %4 skipped</source>
        <translation>今日：工作 %1 · 已休息 %2 次，推迟 %3 次，跳过 %4 次</translation>
    </message>
</context>
<context>
    <name>BreakTexts</name>
    <message>
        <source>eye break</source>
        <translation>护眼休息</translation>
    </message>
    <message>
        <source>rest break</source>
        <translation>工间休息</translation>
    </message>
    <message>
        <source>Pomodoro break</source>
        <translation>番茄钟休息</translation>
    </message>
    <message>
        <source>you are on a call</source>
        <translation>正在通话</translation>
    </message>
    <message>
        <source>a full-screen window is in front</source>
        <translation>前台有全屏窗口</translation>
    </message>
    <message>
        <source>do not disturb is on</source>
        <translation>系统处于勿扰模式</translation>
    </message>
    <message>
        <source>the screen is locked</source>
        <translation>屏幕已锁定</translation>
    </message>
    <message>
        <source>the computer has just woken up</source>
        <translation>电脑刚从睡眠中唤醒</translation>
    </message>
    <message>
        <source>your alarm is still open</source>
        <translation>您的报警尚未解除</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>BreathingWindow</name>
    <message>
        <source>Calm down: 4-7-8 breathing</source>
        <translation>平复情绪：4-7-8 呼吸法</translation>
    </message>
    <message>
        <source>Breathe in for 4 seconds, hold for 7, breathe out for 8. Relax your shoulders, hands and neck.</source>
        <translation>吸气 4 秒，屏息 7 秒，呼气 8 秒。放松肩部、手部和颈部。</translation>
    </message>
    <message>
        <source>Esc closes this window.</source>
        <translation>按 Esc 关闭此窗口。</translation>
    </message>
    <message>
        <source>Breathe in</source>
        <translation>吸气</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>屏息</translation>
    </message>
    <message>
        <source>Breathe out</source>
        <translation>呼气</translation>
    </message>
    <message>
        <source>Well done</source>
        <translation>做得很好</translation>
    </message>
    <message>
        <source>Take a moment before the next call.</source>
        <translation>稍作调整，再接下一通电话。</translation>
    </message>
    <message>
        <source>Cycle %1 of %2</source>
        <translation>第 %1/%2 轮</translation>
    </message>
</context>
<context>
    <name>EyeBreakCard</name>
    <message>
        <source>Eye break</source>
        <translation>护眼休息</translation>
    </message>
    <message>
        <source>Every %1, look at something 20 feet (6 m) away for %2.</source>
        <translation>每隔 %1，请看 20 英尺（6 米）外的物体 %2</translation>
    </message>
    <message>
        <source>Look out of the window or across the room now. You can keep talking.</source>
        <translation>现在请看看窗外或房间另一端。通话可以照常进行。</translation>
    </message>
</context>
<context>
    <name>RestOverlay</name>
    <message>
        <source>Rest break</source>
        <translation>工间休息</translation>
    </message>
    <message>
        <source>Your break</source>
        <translation>休息一下</translation>
    </message>
    <message>
        <source>You asked for a break: rest for %2. Stand up, look into the distance, drink some water.</source>
        <translation>您申请了休息：请休息 %2。站起来走走，看看远处，喝点水。</translation>
    </message>
    <message>
        <source>Pomodoro break</source>
        <translation>番茄钟休息</translation>
    </message>
    <message>
        <source>%1 of focused work done: rest for %2.</source>
        <translation>已专注工作 %1：休息 %2。</translation>
    </message>
    <message>
        <source>Time for a rest</source>
        <translation>该休息一下了</translation>
    </message>
    <message>
        <source>After %1 of work, rest for %2: stand up, look into the distance, drink some water.</source>
        <translation>已工作 %1，请休息 %2：站起来走走，看看远处，喝点水。</translation>
    </message>
    <message numerus="yes">
        <source>Postpone %1 (%n left)</source>
        <translation>
            <numerusform>推迟 %1（还可推迟 %n 次）</numerusform>
        </translation>
    </message>
    <message>
        <source>Postpone (none left)</source>
        <translation>推迟（次数已用完）</translation>
    </message>
    <message>
        <source>Skip this break</source>
        <translation>跳过本次休息</translation>
    </message>
</context>
<context>
    <name>Stretches</name>
    <message>
        <source>Neck stretch</source>
        <translation>颈部拉伸</translation>
    </message>
    <message>
        <source>Sit up straight and relax your shoulders.</source>
        <translation>坐直身体，放松双肩。</translation>
    </message>
    <message>
        <source>Slowly tilt your head to the right, ear towards the shoulder; hold for 10 seconds.</source>
        <translation>慢慢将头向右侧倾斜，耳朵靠近肩膀，保持 10 秒。</translation>
    </message>
    <message>
        <source>Do the same to the left.</source>
        <translation>换左侧重复。</translation>
    </message>
    <message>
        <source>Slowly turn your head to look over each shoulder, 5 times each way.</source>
        <translation>缓慢转动颈部，分别向左右两侧回头看，每侧 5 次。</translation>
    </message>
    <message>
        <source>Shoulder relaxation</source>
        <translation>肩部放松</translation>
    </message>
    <message>
        <source>Lift both shoulders up towards your ears and hold for 3 seconds.</source>
        <translation>双肩向上耸起靠近耳朵，保持 3 秒。</translation>
    </message>
    <message>
        <source>Let them drop and relax; breathe out.</source>
        <translation>然后放松落下，同时呼气。</translation>
    </message>
    <message>
        <source>Roll your shoulders backwards 10 times, then forwards 10 times.</source>
        <translation>肩膀向后绕圈 10 次，再向前绕圈 10 次。</translation>
    </message>
    <message>
        <source>Clasp your hands behind your back and gently open your chest.</source>
        <translation>双手在背后相扣，轻轻扩胸。</translation>
    </message>
    <message>
        <source>Wrist and hand stretch</source>
        <translation>手腕与手部伸展</translation>
    </message>
    <message>
        <source>Stretch one arm forward, palm up.</source>
        <translation>一只手臂向前伸直，掌心向上。</translation>
    </message>
    <message>
        <source>With the other hand, gently pull the fingers back; hold for 10 seconds.</source>
        <translation>用另一只手轻轻将手指向后拉，保持 10 秒。</translation>
    </message>
    <message>
        <source>Turn the palm down and gently press the back of the hand; hold for 10 seconds.</source>
        <translation>翻转掌心向下，轻压手背，保持 10 秒。</translation>
    </message>
    <message>
        <source>Swap hands, then make loose fists and circle your wrists.</source>
        <translation>换手重复，然后轻轻握拳，转动手腕。</translation>
    </message>
</context>
</TS>
