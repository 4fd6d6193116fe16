<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>126网易免费邮 - 设置 - POP3/SMTP/IMAP</title>
<link rel="stylesheet" href="/js6/css/main.css">
<script src="/js6/s/pop.js" defer></script>
</head>
<body class="nui-body">
<div id="dvNavTop" class="nui-top">
  <span class="nui-logo">126网易免费邮</span>
  <ul class="js-component-tab nui-tabs" role="tablist">
    <li class="nui-tab" role="tab">首页</li>
    <li class="nui-tab" role="tab">通讯录</li>
    <li class="nui-tab" role="tab">应用中心</li>
    <li class="nui-tab nui-tab-selected" role="tab" aria-selected="true">设置</li>
  </ul>
  <span class="nui-user">test@126.com</span>
</div>
<div class="nui-main">
  <div id="dvNavTree" class="nui-tree" role="navigation">
    <div class="nui-tree-title">设置</div>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.OptionModule">常规设置</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.SignatureModule">签名/电子名片</a>
    <a class="nui-tree-item nui-tree-item-selected" href="/js6/main.jsp?sid=test#module=options.PopModule">POP3/SMTP/IMAP</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.CollectModule">代收邮件</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.SecurityModule">账户与安全</a>
  </div>
  <div class="nui-content" id="_mail_component_77_77">
    <h2 class="nui-title">POP3/SMTP/IMAP</h2>
    <div class="nui-fGroup">
      <h3 class="nui-subtitle">开启服务：</h3>
      <table class="nui-table pop-svc">
        <tr><td>IMAP/SMTP服务</td><td class="svc-state">已开启</td><td><a href="#module=options.PopModule" data-toggle>关闭</a></td></tr>
        <tr><td>POP3/SMTP服务</td><td class="svc-state">已开启</td><td><a href="#module=options.PopModule" data-toggle>关闭</a></td></tr>
      </table>
      <p class="nui-txt-tips">POP3/SMTP/IMAP 服务开启后，第三方客户端需使用授权密码登录，不能使用邮箱登录密码。</p>
    </div>
    <div class="nui-fGroup">
      <h3 class="nui-subtitle">授权密码管理</h3>
      <p class="nui-txt-tips">授权密码是用于登录第三方邮件客户端的专用密码。请为每个设备单独新增，不用时可删除。</p>
      <table class="nui-table" id="authTable">
        <thead><tr><th>序号</th><th>使用设备</th><th>启用时间</th><th>操作</th></tr></thead>
        <tbody id="authRows">
          <tr><td>1</td><td class="auth-name">Foxmail 台式机</td><td>2025-09-12 21:03</td><td><a href="#module=options.PopModule" data-delete>删除</a></td></tr>
          <tr><td>2</td><td class="auth-name">iPhone 邮件</td><td>2025-03-02 08:41</td><td><a href="#module=options.PopModule" data-delete>删除</a></td></tr>
        </tbody>
      </table>
      <div class="js-component-button nui-mainBtn nui-btn" role="button" tabindex="0" id="btnAddAuth"><span class="nui-btn-text">新增授权密码</span></div>
    </div>
  </div>
</div>

<div class="nui-msgbox" id="dlgAdd" role="dialog" aria-modal="true" aria-labelledby="dlgAddTitle" hidden>
  <div class="nui-msgbox-inner">
    <div id="addStepVerify">
      <div class="nui-msgbox-title" id="dlgAddTitle">新增授权密码</div>
      <div class="nui-msgbox-content">
        <label class="nui-fItem-label"><span class="nui-fItem-name">使用设备</span>
          <input type="text" id="authDesc" class="nui-ipt-input" maxlength="30" placeholder="描述用途，如：iPhone 邮件、Foxmail" autocomplete="off" spellcheck="false"></label>
        <p class="nui-fItem-err" id="authDescErr" role="alert" hidden>请填写使用设备</p>
        <p class="nui-txt-tips">为了保障邮箱安全，需要验证你的身份：请用绑定手机 138****0000 按页面提示发送短信，发送后点击“我已发送”。</p>
      </div>
      <div class="nui-msgbox-ft">
        <div class="js-component-button nui-mainBtn nui-btn" role="button" tabindex="0" id="btnSmsSent"><span class="nui-btn-text">我已发送</span></div>
        <div class="js-component-button nui-btn" role="button" tabindex="0" data-close><span class="nui-btn-text">取 消</span></div>
      </div>
    </div>
    <div id="addStepCode" hidden>
      <div class="nui-msgbox-title">授权密码已生成</div>
      <div class="nui-msgbox-content">
        <p>“<span id="authForName"></span>”的授权密码：</p>
        <p class="auth-code"><span id="authCode" dir="ltr"></span></p>
        <p class="nui-txt-tips">请在第三方客户端的密码输入框中输入此授权密码。授权密码只显示一次。</p>
      </div>
      <div class="nui-msgbox-ft">
        <div class="js-component-button nui-mainBtn nui-btn" role="button" tabindex="0" id="btnCodeOK"><span class="nui-btn-text">确 定</span></div>
      </div>
    </div>
  </div>
</div>
</body>
</html>
