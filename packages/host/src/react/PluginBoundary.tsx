import { Component, type ErrorInfo, type ReactElement, type ReactNode } from 'react';
import type { Host } from '../createHost';

interface Props {
  host: Host;
  /** The contributing plugin; undefined for the host's own components. */
  plugin: string | undefined;
  slot: string;
  children?: ReactNode;
  /** Where the notice goes when the children fail (default: in their place). */
  wrapNotice?: (notice: ReactElement) => ReactNode;
}

/** A small notice in place of a plugin's UI that failed. */
export function PluginNotice({ plugin, slot, reason }: { plugin: string | undefined; slot: string; reason?: string }) {
  return (
    <div role="alert" className="sb-plugin-notice" data-plugin={plugin} data-slot={slot} title={reason}>
      {plugin === undefined ? 'This part of the page failed to render.' : `Plugin “${plugin}” failed.`}
    </div>
  );
}

/**
 * Renders one contribution inside its own error boundary: when it throws, a small notice
 * takes its place, the failure is reported with the plugin's name, and the page goes on.
 */
export class PluginBoundary extends Component<Props, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false };

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const { host, plugin, slot } = this.props;
    if (plugin === undefined)
      host.log.error(`a component in slot "${slot}" failed to render`, error, info.componentStack);
    else host.reportPluginError(plugin, 'render', error);
  }

  override render() {
    const { plugin, slot, children, wrapNotice } = this.props;
    if (this.state.failed) {
      const notice = (
        <PluginNotice
          plugin={plugin}
          slot={slot}
          reason={String((this.state.error as Error)?.message ?? this.state.error)}
        />
      );
      return wrapNotice ? wrapNotice(notice) : notice;
    }
    return children;
  }
}
