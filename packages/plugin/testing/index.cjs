// @switchboard/plugin/testing (CommonJS): the plugin test kit, from @switchboard/host.
module.exports = require('@switchboard/host/testing');
