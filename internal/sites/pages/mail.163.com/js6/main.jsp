<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>网易邮箱6.0版 - 设置 - 代收邮件</title>
<link rel="stylesheet" href="/js6/css/main.css">
<script src="/js6/s/collector.js" defer></script>
</head>
<body class="nui-body">
<div id="dvNavTop" class="nui-top">
  <span class="nui-logo">网易邮箱</span>
  <ul class="js-component-tab nui-tabs" role="tablist">
    <li class="nui-tab" role="tab">首页</li>
    <li class="nui-tab" role="tab">通讯录</li>
    <li class="nui-tab" role="tab">应用中心</li>
    <li class="nui-tab nui-tab-selected" role="tab" aria-selected="true">设置</li>
  </ul>
  <span class="nui-user">test@163.com</span>
</div>
<div class="nui-main">
  <div id="dvNavTree" class="nui-tree" role="navigation">
    <div class="nui-tree-title">设置</div>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.OptionModule">常规设置</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.SignatureModule">签名/电子名片</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.FilterModule">来信分类</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.PopModule">POP3/SMTP/IMAP</a>
    <a class="nui-tree-item nui-tree-item-selected" href="/js6/main.jsp?sid=test#module=options.CollectModule">代收邮件</a>
    <a class="nui-tree-item" href="/js6/main.jsp?sid=test#module=options.SecurityModule">账户与安全</a>
  </div>
  <div class="nui-content" id="_mail_component_61_61">
    <h2 class="nui-title">代收邮件</h2>
    <p class="nui-txt-tips">可将其他邮箱（如QQ邮箱、Gmail等）中的邮件代收到网易邮箱，最多可添加5个代收邮箱。</p>
    <form class="nui-form js-component-form" id="collectForm" action="/js6/s?sid=test&amp;func=mbox:addPop" method="post" autocomplete="off">
      <div class="nui-fItem">
        <label class="nui-fItem-label"><span class="nui-fItem-name">邮箱地址</span>
          <input type="text" name="account" class="nui-ipt-input" placeholder="请输入要代收的邮箱地址" spellcheck="false"></label>
      </div>
      <div class="nui-fItem">
        <label class="nui-fItem-label"><span class="nui-fItem-name">密码</span>
          <input type="password" name="password" class="nui-ipt-input" placeholder="请输入该邮箱的密码" autocomplete="off"></label>
      </div>
      <div class="nui-fItem nui-fItem-adv">
        <label class="nui-fItem-label"><span class="nui-fItem-name">收信服务器(POP3)</span>
          <input type="text" name="popHost" class="nui-ipt-input" placeholder="如：pop.qq.com"></label>
        <label class="nui-fItem-label nui-fItem-port"><span class="nui-fItem-name">端口</span>
          <input type="text" name="popPort" class="nui-ipt-input nui-ipt-short" value="995"></label>
        <label class="nui-chk"><input type="checkbox" name="ssl" value="true" checked> 使用SSL加密连接</label>
      </div>
      <div class="nui-fItem">
        <label class="nui-chk"><input type="checkbox" name="keepMail" value="true" checked> 代收后在原邮箱保留邮件</label>
        <label class="nui-chk"><input type="checkbox" name="collectOld" value="true"> 同时代收原邮箱中已有的邮件</label>
      </div>
      <div class="nui-fItem nui-fItem-btns">
        <button type="submit" class="nui-btn nui-mainBtn js-component-button">确 定</button>
        <button type="reset" class="nui-btn">取 消</button>
      </div>
      <div class="nui-fItem-err" id="collectErr" role="alert" hidden></div>
    </form>
  </div>
</div>
</body>
</html>
