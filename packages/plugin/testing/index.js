// @switchboard/plugin/testing: the plugin test kit. It lives in @switchboard/host (a real
// host is what the kit runs), and is offered here, where plugin authors look for it.
export * from '@switchboard/host/testing';
