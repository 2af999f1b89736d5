import type { SlotName, SlotProps } from '@switchboard/plugin';
import {
  createContext,
  useCallback,
  useContext,
  useId,
  useLayoutEffect,
  useMemo,
  useState,
  type ComponentType,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import type { ResolvedContribution, SlotDefault } from '../contributions/ContributionRegistry';
import { useHost } from './HostProvider';
import { PluginBoundary, PluginNotice } from './PluginBoundary';
import { itemKey, SlotItem, useSlotContributions, withTaskOf } from './Slot';

/** A tab as its `<Tab>` declares itself to the tab strip. */
interface TabEntry {
  name: string;
  label: string;
  /** The place of its contribution in the slot (then its registration order). */
  order: number;
  seq: number;
}

interface TabsContextValue {
  /** Declares a tab; returns the function that withdraws it. */
  register(entry: Omit<TabEntry, 'seq'>): () => void;
  /** The tab shown, if any. */
  current: string | undefined;
  /** Prefix of the tabs' and panels' element ids. */
  idBase: string;
}

const TabsContext = createContext<TabsContextValue | undefined>(undefined);

/** The contribution a `<Tab>` is part of: its defaults for name, label and order. */
interface TabItem {
  key: string;
  label: string | undefined;
  order: number;
}

const TabItemContext = createContext<TabItem | undefined>(undefined);

/** An element id made of a tab's name (which may be any string). */
const idOf = (base: string, part: 'tab' | 'panel', name: string) =>
  `${base}-${part}-${name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;

export interface TabProps {
  /** Unique among the tabs: what `selectedTabName` names. Default: the contribution's key. */
  name?: string;
  /** What the tab shows. Default: the contribution's `label` option, else the name. */
  label?: string;
  /** The tab's panel: rendered only while the tab is selected. */
  children?: ReactNode;
}

/**
 * A tab of a tabbed slot (`TaskCanvasTabs`): a contribution renders one, whose children are
 * its panel, shown while it is selected. Outside a tabbed slot it renders its children.
 *
 * @example
 * api.contributions.add(
 *   'TaskCanvasTabs',
 *   ({ task }) => (
 *     <Tab name="crm" label="CRM">
 *       <CrmRecord customer={task.customerName} />
 *     </Tab>
 *   ),
 *   { key: 'crm', sortOrder: 10 },
 * );
 */
export function Tab({ name, label, children }: TabProps): ReactElement | null {
  const tabs = useContext(TabsContext);
  const item = useContext(TabItemContext);
  const tabName = name ?? item?.key ?? '';
  const tabLabel = label ?? item?.label ?? tabName;
  const order = item?.order ?? 0;
  const register = tabs?.register;
  useLayoutEffect(() => register?.({ name: tabName, label: tabLabel, order }), [register, tabName, tabLabel, order]);
  if (!tabs) return <>{children}</>;
  if (tabs.current !== tabName) return null;
  return (
    <div
      role="tabpanel"
      id={idOf(tabs.idBase, 'panel', tabName)}
      aria-labelledby={idOf(tabs.idBase, 'tab', tabName)}
      className="sb-tabpanel"
      data-tab={tabName}
    >
      {children}
    </div>
  );
}

/** A failed tab contribution's notice, in a tab of its own (named by its key). */
const noticeInTab = (notice: ReactElement) => <Tab>{notice}</Tab>;

export interface SlotTabsProps<S extends SlotName> {
  /** The tabbed slot: each contribution renders a `<Tab>`. */
  name: S;
  props: SlotProps<S>;
  /** The component's own tabs (constant): plugins remove or replace them by key. */
  defaults?: readonly SlotDefault<SlotProps<S>>[];
  /**
   * Slots whose contributions are tab panels themselves (not `<Tab>`s), labelled with their
   * `label` option (or key), after the others: the first tab slots (`TaskCanvas.Tabs`).
   */
  panelSlots?: readonly string[];
  /** The tab to show; when no tab has this name, the first one shows. */
  selected: string | undefined;
  /** The agent chose a tab. */
  onSelect(name: string): void;
  /** The tab list's accessible name. */
  label: string;
}

const NO_SLOTS: readonly string[] = [];

/**
 * A tabbed slot: a tab list (ARIA tabs, arrow keys move between them) made of the `<Tab>`s
 * its contributions render, and the selected tab's panel. Selection is the caller's
 * (`selected`, `onSelect`): the desktop keeps it in component state.
 */
export function SlotTabs<S extends SlotName>({
  name,
  props,
  defaults,
  panelSlots = NO_SLOTS,
  selected,
  onSelect,
  label,
}: SlotTabsProps<S>) {
  const host = useHost();
  const idBase = useId();
  const slotProps = props as object;
  const items = useSlotContributions(name, slotProps, defaults as readonly SlotDefault<never>[] | undefined);
  const [entries, setEntries] = useState<TabEntry[]>([]);
  const register = useCallback((entry: Omit<TabEntry, 'seq'>) => {
    const registered: TabEntry = { ...entry, seq: nextSeq++ };
    setEntries((list) => [...list, registered]);
    return () => setEntries((list) => list.filter((e) => e !== registered));
  }, []);
  // One button per name (the first, in order), in the contributions' order.
  const tabs = useMemo(() => {
    const seen = new Set<string>();
    return [...entries]
      .sort((a, b) => a.order - b.order || a.seq - b.seq)
      .filter((e) => !seen.has(e.name) && seen.add(e.name));
  }, [entries]);
  const current = selected !== undefined && tabs.some((t) => t.name === selected) ? selected : tabs[0]?.name;
  const context = useMemo(() => ({ register, current, idBase }), [register, current, idBase]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.name === current);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    const tab = tabs[to];
    if (!tab) return;
    e.preventDefault();
    onSelect(tab.name);
    document.getElementById(idOf(idBase, 'tab', tab.name))?.focus();
  };

  return (
    <TabsContext.Provider value={context}>
      <div role="tablist" aria-label={label} className="sb-tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.name}
            role="tab"
            type="button"
            id={idOf(idBase, 'tab', t.name)}
            aria-selected={current === t.name}
            aria-controls={idOf(idBase, 'panel', t.name)}
            tabIndex={current === t.name ? 0 : -1}
            onClick={() => onSelect(t.name)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {withTaskOf(slotProps, [
        ...items.map((item, i) => (
          <TabItemContext.Provider key={itemKey(item)} value={tabItem(item, i)}>
            <SlotItem
              host={host}
              slot={name}
              owner={item.owner}
              component={item.component}
              failure={item.failure}
              props={slotProps}
              wrapNotice={noticeInTab}
            />
          </TabItemContext.Provider>
        )),
        ...panelSlots.map((slot, i) => (
          <PanelSlot key={`panels:${slot}`} slot={slot} props={slotProps} order={items.length + i} />
        )),
      ])}
    </TabsContext.Provider>
  );
}

let nextSeq = 0;

/** The defaults a contribution gives its `<Tab>` (memoized per contribution and place). */
const tabItems = new WeakMap<ResolvedContribution, TabItem>();
function tabItem(item: ResolvedContribution, order: number): TabItem {
  const known = tabItems.get(item);
  if (known?.order === order) return known;
  const made = { key: item.key, label: item.label, order };
  tabItems.set(item, made);
  return made;
}

/** The tabs of a slot whose contributions are panels: each in a `<Tab>` named by its key. */
function PanelSlot({ slot, props, order }: { slot: string; props: object; order: number }) {
  const host = useHost();
  const items = useSlotContributions(slot, props);
  return (
    <>
      {items.map((item, i) => {
        const Panel = item.component as ComponentType<object>;
        return (
          // Between this slot's place and the next one's, in the slot's order.
          <TabItemContext.Provider key={itemKey(item)} value={tabItem(item, order + (i + 1) / (items.length + 1))}>
            <Tab>
              {item.failure === undefined ? (
                <PluginBoundary host={host} plugin={item.owner} slot={slot}>
                  <Panel {...props} />
                </PluginBoundary>
              ) : (
                <PluginNotice plugin={item.owner} slot={slot} reason={item.failure} />
              )}
            </Tab>
          </TabItemContext.Provider>
        );
      })}
    </>
  );
}
