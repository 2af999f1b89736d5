/**
 * Flex's programmable components → the host's contribution slots (the programmable
 * components the desktop places, Flex's names): the one table. `AgentDesktopView` (and its
 * `Panel2`) is the agent desktop's side panel; `RootContainer` its overlay.
 */
export const FLEX_SLOTS = {
  MainHeader: 'MainHeader',
  SideNav: 'SideNav',
  TaskListItem: 'TaskListItem',
  TaskCanvasHeader: 'TaskCanvasHeader',
  TaskCanvasTabs: 'TaskCanvasTabs',
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
