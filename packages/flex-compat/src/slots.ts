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
  /** The supervisor's Teams view (its children: `monitor`, `filters`, `workers`, `queues`). */
  TeamsView: 'TeamsView',
  /** The agents' table of the Teams view (child `table`; columns: the host's `WorkersDataTable.Columns`). */
  WorkersDataTable: 'WorkersDataTable',
  /** The queues' table of the Teams view (child `table`; columns: the host's `QueuesStatsView.Columns`). */
  QueuesStatsView: 'QueuesStatsView',
} as const;

/** A Flex component name the compat layer maps to a slot. */
export type FlexComponentName = keyof typeof FLEX_SLOTS;

/**
 * Flex UI 2.17's other programmable components: the desktop has no place for them (voice,
 * email, insights, profiles, queue stats, the directory's tabs, …). In the `flex`
 * namespace their `Content.add/replace/remove` throw a `FlexUnsupportedError` naming them.
 */
export const FLEX_COMPONENTS_WITHOUT_SLOT = [
  'AggregatedQueuesDataTiles',
  'Badge',
  'BaseBadge',
  'CallCanvas',
  'CallCanvasActions',
  'CallCanvasDialpad',
  'CallQualityIndicator',
  'ConnectingOutboundCallCanvas',
  'ConnectingOutboundCallCanvasActions',
  'ConversationInfoImpl',
  'ConversationViewImpl',
  'CustomerProfileView',
  'EmailEditor',
  'EmailMessageHeader',
  'EmailMessageItemImpl',
  'FlexUnifyContainer',
  'IncomingTaskCanvas',
  'IncomingTaskCanvasActions',
  'InlineMessage',
  'LiveCommsBar',
  'LiveCommsBarItem',
  'LiveCommsBarItemActions',
  'LiveCommsBarItemImpl',
  'MessageCanvasTray',
  'MessageInput',
  'MessageInputV2',
  'MessageList',
  'MessagingCanvas',
  'NewTaskCanvas',
  'NewTaskCanvasHeader',
  'NoTasksCanvas',
  'OutboundDialerPanel',
  'ParticipantCanvas',
  'ParticipantsCanvas',
  'ProfileConnectorTabs',
  'ProfileHeader',
  'ProfileHeaderAndLinkMenu',
  'ProfileHeaderText',
  'ProfileHighlights',
  'ProfileLinkButton',
  'ProfileLinkMenu',
  'QualityManagementView',
  'QualityManagementViewTabs',
  'QueuesDataTable',
  'QueuesDataTableImpl',
  'QueuesStatsViewImpl',
  'SearchListItem',
  'SearchView',
  'SegmentInfoImpl',
  'TaskCanvas',
  'TaskCard',
  'TaskCardList',
  'TaskInfoPanel',
  'TaskList',
  'TaskListButtons',
  'TaskListContainer',
  'TaskOverviewCanvas',
  'TaskTranscriptionPanel',
  'TaskWrapupPanel',
  'TeamFiltersPanel',
  'WorkerCanvas',
  'WorkerDirectory',
  'WorkerDirectoryTabs',
  'WorkerProfile',
  'WorkerSkills',
] as const;

/** A Flex component name the desktop has no place for. */
export type FlexComponentWithoutSlot = (typeof FLEX_COMPONENTS_WITHOUT_SLOT)[number];
