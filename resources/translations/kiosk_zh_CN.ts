<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttendantScreen</name>
    <message>
        <source>Attendant mode</source>
        <translation>值守人员模式</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <translation>退出到桌面</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>No alerts. The terminal is working normally.</source>
        <translation>没有警报，终端运行正常。</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>Open 24 hours</source>
        <translation>24 小时开放</translation>
    </message>
    <message>
        <source>Opening hours: {hours}</source>
        <translation>开放时间：{hours}</translation>
    </message>
    <message>
        <source>Switch language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <source>Normal text</source>
        <translation>标准字号</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>大字模式</translation>
    </message>
    <message>
        <source>Welcome! How can we help?</source>
        <translation>欢迎来到驿站，有什么可以帮您？</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>到站签到</translation>
    </message>
    <message>
        <source>Tell us you stopped by. Three taps.</source>
        <translation>登记来访，点三下就好</translation>
    </message>
    <message>
        <source>Mood self-check</source>
        <translation>心情自测</translation>
    </message>
    <message>
        <source>A check-up for your feelings. Anonymous.</source>
        <translation>给心情做个体检，全程匿名</translation>
    </message>
    <message>
        <source>Help &amp; resources</source>
        <translation>求助与资源</translation>
    </message>
    <message>
        <source>Hotlines, counselling, nearby stations.</source>
        <translation>热线、心理咨询、附近驿站</translation>
    </message>
    <message>
        <source>All services here are free. The mood self-check is anonymous.</source>
        <translation>这里的服务全部免费，心情自测不记录您的身份。</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>To protect your privacy, the kiosk will clear this screen and go back to the start.</source>
        <translation>为保护您的隐私，终端即将清空本页内容并回到首页。</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>我还在，继续</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>删除最后一位</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>This service is coming soon. Please ask the station attendant.</source>
        <translation>此项服务即将开通，请咨询驿站工作人员。</translation>
    </message>
    <message>
        <source>Sorry, something went wrong. Starting over.</source>
        <translation>抱歉，出了点问题，已为您重新开始。</translation>
    </message>
    <message>
        <source>Station Kiosk</source>
        <translation>驿站服务终端</translation>
    </message>
    <message>
        <source>Sorry, this language is not available.</source>
        <translation>抱歉，暂不支持该语言。</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Attendant PIN</source>
        <translation>值守人员密码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Wrong PIN. Please try again.</source>
        <translation>密码错误，请重试。</translation>
    </message>
</context>
</TS>
