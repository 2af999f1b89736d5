import { newClientId, type ChatMessage } from '@switchboard/contact-center';
import type { DesktopTask, OutgoingMessage } from '@switchboard/plugin';
import { Slot, Template, useStrings, type SlotDefault } from '@switchboard/host';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useDesktop, useInvoke } from './hooks';

/** How long "is typing" shows after the last typing signal. */
const TYPING_MS = 4_000;
/** The agent's typing signal goes out at most this often. */
const TYPING_EVERY_MS = 1_500;

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

type MessageProps = { task: DesktopTask; message: ChatMessage };

const Author = ({ message }: MessageProps) => <span className="sb-message-author">{message.authorName}</span>;
const Body = ({ message }: MessageProps) => <span className="sb-message-body">{message.body}</span>;
const Time = ({ message }: MessageProps) => (
  <time className="sb-message-time" dateTime={new Date(message.createdAt).toISOString()}>
    {time(message.createdAt)}
  </time>
);

/** The children of `MessageBubble`, by key (plugins add beside them, remove or replace them). */
export const MESSAGE_BUBBLE_CHILDREN: readonly SlotDefault<MessageProps>[] = [
  { key: 'author', component: Author, sortOrder: 0 },
  { key: 'body', component: Body, sortOrder: 10 },
  { key: 'time', component: Time, sortOrder: 20 },
];

/** A message's bubble: the `MessageBubble` slot. */
function Bubble({ task, message }: MessageProps) {
  const props = useMemo(() => ({ task, message }), [task, message]);
  return (
    <div className={`sb-message sb-from-${message.authorRole}`}>
      <Slot name="MessageBubble" props={props} defaults={MESSAGE_BUBBLE_CHILDREN} />
    </div>
  );
}

/** The children of `MessageListItem`, by key: the bubble (replace it per message with `if`). */
export const MESSAGE_LIST_ITEM_CHILDREN: readonly SlotDefault<MessageProps>[] = [{ key: 'bubble', component: Bubble }];

/**
 * One message: the `MessageListItem` slot (memoized: a keystroke re-renders the chat, not
 * every message).
 */
const Message = memo(function Message({ task, message }: MessageProps) {
  const props = useMemo(() => ({ task, message }), [task, message]);
  return (
    <li className="sb-message-item" data-index={message.index}>
      <Slot name="MessageListItem" props={props} defaults={MESSAGE_LIST_ITEM_CHILDREN} />
    </li>
  );
});

/** A message on its way: the contact center has not stored it yet (it is resent after a reconnect). */
const Outgoing = memo(function Outgoing({ message, author }: { message: OutgoingMessage; author: string }) {
  return (
    <li className="sb-message-item" data-client-id={message.clientId}>
      <div className="sb-message sb-from-agent sb-sending">
        <span className="sb-message-author">{author}</span>
        <span className="sb-message-body">{message.body}</span>
        <span className="sb-message-time">
          <Template code="MessageSending" />
        </span>
      </div>
    </li>
  );
});

/** Whether the agent can write in `task`'s chat (accepted or wrapping up, the chat open). */
function useCanWrite(task: DesktopTask): boolean {
  const open = useDesktop((d) => d.channels[task.channelSid]?.status === 'open');
  return (task.status === 'accepted' || task.status === 'wrapping') && open;
}

/** Send: submits the composer (enabled when there is text to send). */
function SendButton({ task }: { task: DesktopTask }) {
  const canWrite = useCanWrite(task);
  const hasText = useDesktop((d) => !!d.channels[task.channelSid]?.inputText.trim());
  return (
    <button type="submit" disabled={!canWrite || !hasText}>
      <Template code="Send" task={task} />
    </button>
  );
}

/** The children of `MessageInputActions`, by key: `send`. */
export const MESSAGE_INPUT_ACTIONS_CHILDREN: readonly SlotDefault<{ task: DesktopTask }>[] = [
  { key: 'send', component: SendButton },
];

/** Whether `at` is recent, re-rendering when it stops being so. */
function useRecent(at: number | undefined, windowMs: number): boolean {
  const [, tick] = useState(0);
  const left = at === undefined ? 0 : at + windowMs - Date.now();
  useEffect(() => {
    if (left <= 0) return undefined;
    const timer = setTimeout(() => tick((n) => n + 1), left + 10);
    return () => clearTimeout(timer);
  }, [left]);
  return left > 0;
}

/** The conversation of a task: transcript, the customer's typing, and the message input. */
export function Chat({ task }: { task: DesktopTask }) {
  const channel = useDesktop((d) => d.channels[task.channelSid]);
  const invoke = useInvoke();
  const strings = useStrings();
  const me = useDesktop((d) => d.worker?.fullName) ?? strings.get('You');
  const lastTyping = useRef(0);
  const transcript = useRef<HTMLDivElement>(null);
  const typing = channel?.typing;
  const typingShown = useRecent(typing?.at, TYPING_MS);
  const count = (channel?.messages.length ?? 0) + (channel?.outbox.length ?? 0);
  const canWrite = useCanWrite(task);
  const taskProps = useMemo(() => ({ task }), [task]);

  useEffect(() => {
    const log = transcript.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [count]);

  if (!channel) {
    return (
      <p className="sb-muted">
        <Template code="ConversationLoading" task={task} />
      </p>
    );
  }
  const text = channel.inputText;

  // Another message may be sent while earlier ones wait for the contact center (each has its key).
  const send = () => {
    if (!text.trim()) return;
    void invoke('SendMessage', { channelSid: channel.sid, body: text, clientId: newClientId() });
  };
  const onChange = (body: string) => {
    void invoke('SetInputText', { channelSid: channel.sid, body });
    const now = Date.now();
    if (body && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      void invoke('SendTyping', { channelSid: channel.sid });
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };

  return (
    <section className="sb-chat" aria-label={strings.get('ChatWith', { task })}>
      {/* Focusable: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable). */}
      <div
        ref={transcript}
        className="sb-transcript"
        role="log"
        aria-live="polite"
        aria-label={strings.get('Transcript', { task })}
        tabIndex={0}
      >
        <ol className="sb-messages">
          {channel.messages.map((m) => (
            <Message key={m.sid} task={task} message={m} />
          ))}
          {channel.outbox.map((m) => (
            <Outgoing key={m.clientId} message={m} author={me} />
          ))}
        </ol>
      </div>
      <p className="sb-typing" role="status">
        {typingShown && typing ? strings.get('TypingIndicator', { task, name: typing.name }) : ''}
      </p>
      {channel.status === 'closed' ? (
        <p className="sb-muted">
          <Template code="ConversationEnded" task={task} />
        </p>
      ) : (
        <form
          className="sb-composer"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <label htmlFor={`sb-input-${channel.sid}`} className="sb-visually-hidden">
            <Template code="MessageTo" task={task} />
          </label>
          <textarea
            id={`sb-input-${channel.sid}`}
            className="sb-input"
            rows={2}
            value={text}
            disabled={!canWrite}
            placeholder={strings.get(canWrite ? 'InputPlaceholder' : 'InputPlaceholderNotAccepted', { task })}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="sb-input-actions">
            <Slot name="MessageInputActions" props={taskProps} defaults={MESSAGE_INPUT_ACTIONS_CHILDREN} />
          </div>
        </form>
      )}
    </section>
  );
}
