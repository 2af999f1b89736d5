/** Who is calling the engine, from a verified token (the server) or a named session (in process). */
export type Principal =
  | { role: 'agent'; workerSid: string; identity: string }
  | { role: 'customer'; channelSid: string; identity: string; friendlyName: string };
