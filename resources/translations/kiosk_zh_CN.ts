<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AssessmentCrisisScreen</name>
    <message>
        <source>{ambulance} ambulance · {police} police</source>
        <translation>急救 {ambulance} · 报警 {police}</translation>
    </message>
    <message>
        <source>Call the station staff</source>
        <translation>请驿站工作人员过来</translation>
    </message>
    <message>
        <source>Staff have been called and are coming to you. If no one comes soon, look for them at the desk or call 12356.</source>
        <translation>已经通知驿站工作人员，他们马上过来陪你。如果一时没人来，请到服务台找他们，或拨打 12356。</translation>
    </message>
    <message>
        <source>Continue to my result</source>
        <translation>查看我的结果</translation>
    </message>
    <message>
        <source>Call the staff again</source>
        <translation>再叫一次工作人员</translation>
    </message>
</context>
<context>
    <name>AssessmentItemScreen</name>
    <message>
        <source>{current} / {total}</source>
        <translation>第 {current} 题，共 {total} 题</translation>
    </message>
    <message>
        <source>Previous question</source>
        <translation>上一题</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>不做了</translation>
    </message>
    <message>
        <source>Stop the self-check</source>
        <translation>结束自查</translation>
    </message>
</context>
<context>
    <name>AssessmentResultScreen</name>
    <message>
        <source>Print my result</source>
        <translation>打印我的结果</translation>
    </message>
    <message>
        <source>Your score: {total} (possible {low} to {high}). This is not a diagnosis.</source>
        <translation>你的得分：{total}（范围 {low} 到 {high}）。这不是诊断。</translation>
    </message>
    <message>
        <source>{count} questions, about {minutes} min</source>
        <translation>{count} 道题，大约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Making your code…</source>
        <translation>正在生成你的编码……</translation>
    </message>
    <message>
        <source>Sorry, no code could be made just now. Please ask the station attendant.</source>
        <translation>抱歉，现在无法生成编码。请找驿站工作人员帮忙。</translation>
    </message>
    <message>
        <source>What helps</source>
        <translation>什么会有帮助</translation>
    </message>
    <message>
        <source>What you can do next</source>
        <translation>接下来可以做什么</translation>
    </message>
    <message>
        <source>A longer questionnaire can tell you more:</source>
        <translation>做一份更完整的问卷，能告诉你更多：</translation>
    </message>
    <message>
        <source>Where to find help</source>
        <translation>可以在哪里找到帮助</translation>
    </message>
    <message>
        <source>Get a follow-up code</source>
        <translation>获取回访编码</translation>
    </message>
    <message>
        <source>Your follow-up code</source>
        <translation>你的回访编码</translation>
    </message>
    <message>
        <source>Show it to a counsellor to talk about this result. Only you have it.</source>
        <translation>把它给心理咨询师看，就能一起聊聊这次结果。只有你知道这个编码。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Score on the slip: yes</source>
        <translation>小票上印得分：是</translation>
    </message>
    <message>
        <source>Score on the slip: no</source>
        <translation>小票上印得分：否</translation>
    </message>
</context>
<context>
    <name>AssessmentScreen</name>
    <message>
        <source>{count} questions, about {minutes} min</source>
        <translation>{count} 道题，大约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Mood and worry, in one minute</source>
        <translation>心情和担心，一分钟</translation>
    </message>
    <message>
        <source>Low mood, sleep and energy</source>
        <translation>心情低落、睡眠和精力</translation>
    </message>
    <message>
        <source>Worry and nerves</source>
        <translation>担心和紧张</translation>
    </message>
    <message>
        <source>How well you have been feeling</source>
        <translation>最近过得好不好</translation>
    </message>
    <message>
        <source>Stress and strain</source>
        <translation>压力和心理负担</translation>
    </message>
    <message>
        <source>{topic} · {about}</source>
        <translation>{topic} · {about}</translation>
    </message>
    <message>
        <source>How are you, really?</source>
        <translation>最近，你还好吗？</translation>
    </message>
    <message>
        <source>A few questions about how you have been feeling lately, like a check-up for your feelings. It takes one to three minutes. Afterwards you will see what your answers suggest and where to find help if you want it.</source>
        <translation>几个关于你最近感受的问题，就像给心情做个体检。只要一到三分钟。做完后，你会看到这些回答说明了什么，以及需要时可以去哪里找帮助。</translation>
    </message>
    <message>
        <source>It is anonymous: we do not ask your name or number. It is not a diagnosis. Your answers disappear from this screen when you finish.</source>
        <translation>完全匿名：不问你的名字，也不问任何号码。这不是诊断。做完后，你的回答会从屏幕上清除。</translation>
    </message>
    <message>
        <source>Choose one:</source>
        <translation>选一项：</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>回到首页</translation>
    </message>
</context>
<context>
    <name>AssessmentStopConfirm</name>
    <message>
        <source>Stop the self-check?</source>
        <translation>要结束这次自查吗？</translation>
    </message>
    <message>
        <source>Your answers will be deleted. Nothing is saved.</source>
        <translation>你的回答会被删除，什么都不会保存。</translation>
    </message>
    <message>
        <source>Stop and delete</source>
        <translation>结束并删除</translation>
    </message>
    <message>
        <source>Keep going</source>
        <translation>继续答题</translation>
    </message>
</context>
<context>
    <name>AttendantScreen</name>
    <message>
        <source>Attendant mode</source>
        <translation>值守人员模式</translation>
    </message>
    <message>
        <source>Today: loading…</source>
        <translation>今天：正在加载……</translation>
    </message>
    <message>
        <source>Today, {day} · updated {time}</source>
        <translation>今天 {day} · 更新于 {time}</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <source>Paper refilled</source>
        <translation>已换纸</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>Change PIN</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Restart kiosk</source>
        <translation>重启终端</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <translation>退出到桌面</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Restart the kiosk now? It will be back on the home screen in a few seconds.</source>
        <translation>现在重启终端吗？几秒钟后会回到首页。</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Leave the kiosk and go to the desktop for maintenance? Workers cannot use the kiosk until it is started again.</source>
        <translation>退出终端程序、回到桌面进行维护吗？重新启动之前，工友将无法使用本终端。</translation>
    </message>
    <message>
        <source>Sync started; the figures update when it is done.</source>
        <translation>已开始同步，完成后数字会自动更新。</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled with a union hub, so there is nothing to sync. IT can enrol it with `kiosk enroll`.</source>
        <translation>本终端尚未注册到工会平台，无法同步。请信息技术人员用 `kiosk enroll` 注册。</translation>
    </message>
    <message>
        <source>Sync finished.</source>
        <translation>同步完成。</translation>
    </message>
    <message>
        <source>Sync failed; see “Last error”. It will try again by itself.</source>
        <translation>同步失败，请看“最近错误”。系统会自动重试。</translation>
    </message>
    <message>
        <source>Printing a test slip…</source>
        <translation>正在打印测试小票……</translation>
    </message>
    <message>
        <source>The test slip was printed.</source>
        <translation>测试小票已打印。</translation>
    </message>
    <message>
        <source>The test slip did not print; see the printer status.</source>
        <translation>测试小票没有打印出来，请查看打印机状态。</translation>
    </message>
    <message>
        <source>Noted: paper refilled. The paper count starts again from zero.</source>
        <translation>已记录换纸，用纸数从零重新计算。</translation>
    </message>
    <message>
        <source>Staff call acknowledged. Thank you.</source>
        <translation>已确认呼叫，谢谢。</translation>
    </message>
    <message>
        <source>Alerts cleared. New problems will show here again.</source>
        <translation>警报已清除。如有新问题，会再次显示在这里。</translation>
    </message>
    <message>
        <source>The attendant PIN has been changed.</source>
        <translation>值守人员密码已修改。</translation>
    </message>
    <message>
        <source>Report saved.</source>
        <translation>报表已保存。</translation>
    </message>
    <message>
        <source>That did not work. Please try again; if it keeps failing, call IT.</source>
        <translation>操作没有成功。请再试一次；如果一直失败，请联系信息技术人员。</translation>
    </message>
    <message>
        <source>The database is not available, so this cannot be done now.</source>
        <translation>数据库暂时不可用，现在无法进行此操作。</translation>
    </message>
    <message>
        <source>Sync is stuck: records have been waiting to send for over 10 minutes. Check the network.</source>
        <translation>同步卡住了：有记录已等待发送超过 10 分钟。请检查网络。</translation>
    </message>
</context>
<context>
    <name>BookCounsellingButton</name>
    <message>
        <source>Book a counsellor</source>
        <translation>预约心理咨询</translation>
    </message>
</context>
<context>
    <name>BookingAnswerScreen</name>
    <message>
        <source>Booked and confirmed: you are number {number}</source>
        <translation>预约成功，已确认：第 {number} 位</translation>
    </message>
    <message>
        <source>The session is full: you are on the waiting list, place {number}. If someone cancels, you move up.</source>
        <translation>这次名额已满：您在候补名单上，排第 {number} 位。有人取消时会自动递补。</translation>
    </message>
    <message>
        <source>Not booked: this session has already begun. Choose another time.</source>
        <translation>未能预约：这次咨询已经开始了。请另选时间。</translation>
    </message>
    <message>
        <source>Not booked: this session was cancelled. Choose another time.</source>
        <translation>未能预约：这次咨询已被取消。请另选时间。</translation>
    </message>
    <message>
        <source>Not booked: this session is no longer offered. Choose another time.</source>
        <translation>未能预约：这个时段已不再开放。请另选时间。</translation>
    </message>
    <message>
        <source>Waiting for confirmation — scan the code later to see if it is confirmed.</source>
        <translation>等待确认——驿站联网后才能确认，请稍后扫码查看是否已确认。</translation>
    </message>
    <message>
        <source>Print my booking</source>
        <translation>打印预约单</translation>
    </message>
    <message>
        <source>Your booking code</source>
        <translation>您的预约码</translation>
    </message>
    <message>
        <source>Choose another time</source>
        <translation>另选时间</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Scan the code with your phone to see your booking or cancel it. Bring the code or the slip; no name is needed.</source>
        <translation>用手机扫码可以查看或取消预约。来的时候带上预约码或预约单就行，不需要报姓名。</translation>
    </message>
</context>
<context>
    <name>BookingScreen</name>
    <message>
        <source>Full: you can join the waiting list</source>
        <translation>已满：可以排候补</translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) free</source>
        <translation>
            <numerusform>还有 %n 个空位</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking free seats…</source>
        <translation>正在查询空位…</translation>
    </message>
    <message>
        <source>Free seats are shown as of now.</source>
        <translation>显示的是现在的空位数。</translation>
    </message>
    <message>
        <source>The station is offline: free seats cannot be shown. You can still book; it is confirmed once the station is back online.</source>
        <translation>驿站现在没有联网，看不到空位数。您仍然可以预约，驿站联网后才会确认。</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>正在预约…</translation>
    </message>
    <message>
        <source>Sorry, the booking could not be saved. Please ask the station attendant.</source>
        <translation>抱歉，预约没能保存。请找驿站工作人员帮忙。</translation>
    </message>
    <message>
        <source>Book a counsellor</source>
        <translation>预约心理咨询</translation>
    </message>
    <message>
        <source>Choose a time to talk with the station&apos;s counsellor, face to face. No name or phone number is needed: you get a code.</source>
        <translation>选一个时间，和驿站的咨询师当面聊聊。不需要姓名和电话：您会拿到一个预约码。</translation>
    </message>
    <message>
        <source>No counselling sessions are planned here in the coming weeks.</source>
        <translation>接下来几周这里还没有安排心理咨询。</translation>
    </message>
    <message>
        <source>Bring my result to the counsellor: yes</source>
        <translation>把我的测评结果带给咨询师：是</translation>
    </message>
    <message>
        <source>Bring my result to the counsellor: no</source>
        <translation>把我的测评结果带给咨询师：否</translation>
    </message>
    <message>
        <source>Book this time</source>
        <translation>预约这个时间</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>CheckinFlow</name>
    <message>
        <source>Sorry, your check-in could not be saved. Please tell the station attendant.</source>
        <translation>抱歉，这次签到没能保存。请告诉驿站值班人员。</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Please tap your work first.</source>
        <translation>请先点一下您的工作。</translation>
    </message>
    <message>
        <source>What work do you do?</source>
        <translation>您从事什么工作？</translation>
    </message>
    <message>
        <source>What did you use here today? (optional, tap all that apply)</source>
        <translation>今天用了哪些服务？（可不选，可多选）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Visits today</source>
        <translation>今日来访</translation>
    </message>
    <message>
        <source>Visits by hour</source>
        <translation>各时段来访人次</translation>
    </message>
    <message>
        <source>Self-assessments</source>
        <translation>自评</translation>
    </message>
    <message>
        <source>Results only for months that are over. &lt;5 is 1 to 4; — is hidden so no &lt;5 can be worked out.</source>
        <translation>结果只按已结束的月份显示。&lt;5 表示 1 到 4 人；— 为防推算出 &lt;5 而隐藏。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Last month ({month})</source>
        <translation>上月（{month}）</translation>
    </message>
    <message>
        <source>Slips and printer</source>
        <translation>小票和打印机</translation>
    </message>
    <message>
        <source>Sync with the union hub</source>
        <translation>与工会平台同步</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>警报</translation>
    </message>
    <message>
        <source>Dealt with — clear alerts</source>
        <translation>已处理——清除警报</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>无法获取</translation>
    </message>
    <message>
        <source>Slips printed</source>
        <translation>已打印小票</translation>
    </message>
    <message>
        <source>Slips that failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <source>Paper used since refill</source>
        <translation>换纸后已用</translation>
    </message>
    <message>
        <source>Waiting to send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>时钟差</translation>
    </message>
    <message>
        <source>Rejected by hub</source>
        <translation>平台拒收</translation>
    </message>
    <message>
        <source>A worker asked for help at {time} ({where}). Please go to them now.</source>
        <translation>有工友在 {time} 请求帮助（{where}），请马上过去。</translation>
    </message>
    <message>
        <source>from the crisis help screen</source>
        <translation>来自紧急求助页面</translation>
    </message>
    <message>
        <source>from the kiosk</source>
        <translation>来自终端</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>最近成功</translation>
    </message>
    <message>
        <source>Oldest unsent</source>
        <translation>最早未发送</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>I am on my way — acknowledge</source>
        <translation>我这就去——确认</translation>
    </message>
    <message>
        <source>Asking the printer…</source>
        <translation>正在询问打印机……</translation>
    </message>
    <message>
        <source>No alerts. The terminal is working normally.</source>
        <translation>没有警报，终端运行正常。</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Export a report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>保存为 CSV</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>保存为 PDF</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>USB stick: {name}</source>
        <translation>U 盘：{name}</translation>
    </message>
    <message>
        <source>This kiosk&apos;s data folder: {path}</source>
        <translation>本机数据文件夹：{path}</translation>
    </message>
    <message>
        <source>Saving the report…</source>
        <translation>正在保存报表……</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>The report could not be saved. Check that the USB stick is plugged in and not full, then try again.</source>
        <translation>报表没能保存。请检查 U 盘是否插好、是否已满，然后再试一次。</translation>
    </message>
    <message>
        <source>The database is not available, so there is nothing to export.</source>
        <translation>数据库暂时不可用，没有可导出的内容。</translation>
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
    <name>MemberNumberScreen</name>
    <message>
        <source>Please type your member number on the keypad.</source>
        <translation>请用下面的数字键输入您的会员号。</translation>
    </message>
    <message numerus="yes">
        <source>This number is too short: a member number has at least %n digits.</source>
        <translation>
            <numerusform>号码太短了：会员号至少有 %n 位数字。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This number is too long: a member number has at most %n digits.</source>
        <translation>
            <numerusform>号码太长了：会员号最多有 %n 位数字。</numerusform>
        </translation>
    </message>
    <message>
        <source>A member number has digits only. Please type it again.</source>
        <translation>会员号只有数字，请重新输入。</translation>
    </message>
    <message>
        <source>This number does not look right. Please check it against your member card.</source>
        <translation>这个号码好像不对，请对照会员卡再核对一下。</translation>
    </message>
    <message>
        <source>This station does not ask for a member number.</source>
        <translation>本驿站不需要填写会员号。</translation>
    </message>
    <message>
        <source>Your union member number</source>
        <translation>您的工会会员号</translation>
    </message>
    <message>
        <source>Please type your number. It is kept with this visit only.</source>
        <translation>请输入您的会员号。它只记在这次签到里。</translation>
    </message>
    <message>
        <source>If you are a member, type your number. You may also skip this step.</source>
        <translation>如果您是工会会员，请输入会员号；不是会员也可以跳过。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
</context>
<context>
    <name>PinChangePage</name>
    <message>
        <source>Change the attendant PIN</source>
        <translation>修改值守人员密码</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Type the new PIN (4 to 12 digits)</source>
        <translation>请输入新密码（4 到 12 位数字）</translation>
    </message>
    <message>
        <source>Type the new PIN again</source>
        <translation>请再输入一次新密码</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存……</translation>
    </message>
    <message>
        <source>A PIN is 4 to 12 digits. Please try again.</source>
        <translation>密码必须是 4 到 12 位数字，请重新输入。</translation>
    </message>
    <message>
        <source>The two PINs were not the same. Please start again.</source>
        <translation>两次输入的密码不一样，请重新开始。</translation>
    </message>
    <message>
        <source>The new PIN could not be saved; the old PIN still works. Please ask IT to check the config file.</source>
        <translation>新密码没能保存，原密码仍然有效。请联系信息技术人员检查配置文件。</translation>
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
    <message>
        <source>Too many wrong PINs. Entry is locked until {time}. Please wait and try again then.</source>
        <translation>密码错误次数太多，{time} 之前不能进入。请到时再试。</translation>
    </message>
    <message>
        <source>{count} tries left before entry is locked for 5 minutes.</source>
        <translation>再错 {count} 次将锁定 5 分钟。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对……</translation>
    </message>
    <message>
        <source>The kiosk is still starting. One moment, please…</source>
        <translation>终端还在启动，请稍等……</translation>
    </message>
</context>
<context>
    <name>PrintSlipPanel</name>
    <message>
        <source>Printing…</source>
        <extracomment>Seconds without an answer after which the printer is reported as not answering.</extracomment>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Print a slip</source>
        <translation>打印纸条</translation>
    </message>
    <message>
        <source>Please take your slip from the printer.</source>
        <translation>打印好了，请从打印机取走你的纸条。</translation>
    </message>
</context>
<context>
    <name>ResourceCard</name>
    <message>
        <source>Phone: {number}</source>
        <translation>电话：{number}</translation>
    </message>
    <message>
        <source>Safety first: never do this while riding or driving. Stop somewhere safe.</source>
        <translation>注意安全：骑车、开车时千万不要做。请先停在安全的地方。</translation>
    </message>
    <message>
        <source>Scan to call</source>
        <translation>扫码拨打</translation>
    </message>
    <message>
        <source>Scan with your phone</source>
        <translation>用手机扫码</translation>
    </message>
    <message>
        <source>On my slip</source>
        <translation>已加到纸条</translation>
    </message>
    <message>
        <source>Add to my slip</source>
        <translation>加到我的纸条</translation>
    </message>
    <message>
        <source>Print just this</source>
        <translation>只打印这一条</translation>
    </message>
</context>
<context>
    <name>ResourcesScreen</name>
    <message>
        <source>Print my slip (1 item)</source>
        <translation>打印我的纸条（1 项）</translation>
    </message>
    <message>
        <source>Print my slip ({count} items)</source>
        <translation>打印我的纸条（{count} 项）</translation>
    </message>
    <message>
        <source>Print the hotlines</source>
        <translation>打印热线电话</translation>
    </message>
    <message>
        <source>Add more, or print your slip now.</source>
        <translation>还可以继续添加，或者现在就打印。</translation>
    </message>
    <message>
        <source>Nothing added yet: the slip will list the hotlines and counselling.</source>
        <translation>还没有添加：纸条上会印热线电话和心理咨询。</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Help &amp; resources</source>
        <translation>求助与资源</translation>
    </message>
    <message>
        <source>Scan a code with your phone, or add items to your slip and print it.</source>
        <translation>用手机扫码，或者把需要的内容加到纸条上，打印带走。</translation>
    </message>
    <message>
        <source>Talk to someone here</source>
        <translation>在驿站找人聊聊</translation>
    </message>
    <message>
        <source>Hotlines</source>
        <translation>热线电话</translation>
    </message>
    <message>
        <source>Legal aid</source>
        <translation>法律援助</translation>
    </message>
    <message>
        <source>Union rest stations nearby</source>
        <translation>附近的工会驿站</translation>
    </message>
    <message>
        <source>Help yourself right now</source>
        <translation>现在就能做的自我调节</translation>
    </message>
</context>
<context>
    <name>StaffCallBanner</name>
    <message>
        <source>A worker needs help ({count} waiting). Attendant, please come to the kiosk.</source>
        <translation>有工友在求助（{count} 个等待中）。请值守人员马上到终端这里来。</translation>
    </message>
</context>
<context>
    <name>StationCard</name>
    <message>
        <source>Open: {hours}</source>
        <translation>开放时间：{hours}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Here: {services}</source>
        <translation>服务：{services}</translation>
    </message>
    <message>
        <source>Scan for the map</source>
        <translation>扫码看地图</translation>
    </message>
</context>
<context>
    <name>ThanksScreen</name>
    <message>
        <source>Thank you! You are checked in.</source>
        <translation>谢谢！签到成功。</translation>
    </message>
    <message numerus="yes">
        <source>You are today&apos;s visitor No. %n at this station.</source>
        <translation>
            <numerusform>您是本驿站今天的第 %n 位来访者。</numerusform>
        </translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>This screen goes back to the start by itself.</source>
        <translation>本页面稍后会自动回到首页。</translation>
    </message>
</context>
</TS>
