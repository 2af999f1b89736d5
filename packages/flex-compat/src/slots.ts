/**
 * Flex's programmable components → the host's contribution slots: the one table.
 *
 * Names the host has today map to its dotted slots, which stay as aliases when the new
 * slots of issue 12 part C land; the others map to part C's slot names (registering works
 * now; they render once the desktop places those slots). `MainHeader` goes to
 * `MainHeader.Right` until part C's `MainHeader` (with `align`) is there.
 */
export const FLEX_SLOTS = {
  MainHeader: 'MainHeader.Right',
  SideNav: 'SideNav',
  TaskListItem: 'TaskList.Item',
  TaskCanvasHeader: 'TaskCanvas.Header',
  TaskCanvasTabs: 'TaskCanvas.Tabs',
  CRMContainer: 'CRMContainer',
  AgentDesktopView: 'AgentDesktop.Panel',
  /** Flex's second panel: the CRM side of the desktop. */
  'AgentDesktopView.Panel2': 'AgentDesktop.Panel',
  MessageListItem: 'MessageListItem',
  MessageBubble: 'MessageBubble',
  MessageInputActions: 'MessageInputActions',
  MainContainer: 'MainContainer',
  RootContainer: 'AgentDesktop.Overlay',
} as const;

/** A Flex component name the compat layer maps to a slot. */
export type FlexComponentName = keyof typeof FLEX_SLOTS;
