// The local stack's customer page: the widget on the contact center that serves this page
// (?server=http://host:port points it elsewhere), after the WebChat plugins under development.
const serverUrl = new URLSearchParams(location.search).get('server') || location.origin;
// As the Flex WebChat docs show: the pre-engagement question becomes the first message.
SwitchboardWebChat.Actions.on('afterStartEngagement', (payload) => {
  const { question } = payload.formData;
  if (question)
    return SwitchboardWebChat.Actions.invokeAction('SendMessage', { channelSid: payload.channelSid, body: question });
});
SwitchboardWebChat.loadPluginScripts('webchat-plugins.json')
  .then(() => SwitchboardWebChat.createWebChat({ serverUrl, voice: true }))
  .then((webchat) => webchat.init());
