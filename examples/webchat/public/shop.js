// The shop page's own script. A file, not an inline <script>: the contact center serves its
// pages with a Content-Security-Policy of `script-src 'self'`, which runs no inline script.
// This page is served by the contact center itself (under /webchat/), so the contact
// center is this page's origin; ?server=http://host:port points it elsewhere.
const serverUrl = new URLSearchParams(location.search).get('server') || location.origin;
// Plugin scripts listed in webchat-plugins.json (optional) register before the widget.
// As the Flex WebChat docs show: the pre-engagement question becomes the first message.
SwitchboardWebChat.Actions.on('afterStartEngagement', (payload) => {
  const { question } = payload.formData;
  if (question)
    return SwitchboardWebChat.Actions.invokeAction('SendMessage', {
      channelSid: payload.channelSid,
      body: question,
    });
});
SwitchboardWebChat.loadPluginScripts('webchat-plugins.json')
  // voice: a "Call us" button beside the chat launcher (a call to an agent, in the browser).
  .then(() => SwitchboardWebChat.createWebChat({ serverUrl, voice: true }))
  .then((webchat) => webchat.init());
