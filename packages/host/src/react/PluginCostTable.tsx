import { useSelector } from 'react-redux';
import type { PluginMetrics } from '../plugins/pluginMetrics';
import type { HostState } from '../store/hostSlice';

const selectMetrics = (state: { switchboard: HostState }) => state.switchboard.pluginMetrics;

/** Each plugin's figures, from the store (`state.switchboard.pluginMetrics`, updated at most once a second). */
export function usePluginMetrics(): Record<string, PluginMetrics> {
  return useSelector(selectMetrics);
}

const ms = (v: number | undefined): string => (v === undefined ? '' : v.toFixed(1));

/**
 * What each plugin costs, in two tables (each with a caption and column headers; the plugin
 * names are row headers): per plugin, load and init time, errors, aborts, guardrail timeouts and
 * long tasks; per plugin and action, the time its hooks add (p50/p95, ms). Shows nothing until
 * there are figures (and never with `createHost({ metrics: false })`).
 *
 * @example
 * <details><summary>Plugins</summary><PluginStatusPanel /><PluginCostTable /></details>
 */
export function PluginCostTable() {
  const metrics = usePluginMetrics();
  const plugins = Object.entries(metrics);
  if (!plugins.length) return null;
  const actions = plugins.flatMap(([plugin, m]) =>
    Object.entries(m.actions).map(([action, cost]) => ({ plugin, action, cost })),
  );
  return (
    <div className="sb-plugin-cost">
      <table>
        <caption>What each plugin costs</caption>
        <thead>
          <tr>
            <th scope="col">Plugin</th>
            <th scope="col">Load (ms)</th>
            <th scope="col">Init (ms)</th>
            <th scope="col">Errors</th>
            <th scope="col">Aborts</th>
            <th scope="col">Timeouts</th>
            <th scope="col">Long tasks</th>
          </tr>
        </thead>
        <tbody>
          {plugins.map(([plugin, m]) => (
            <tr key={plugin} data-plugin={plugin}>
              <th scope="row">{plugin}</th>
              <td>{ms(m.loadMs)}</td>
              <td>{ms(m.initMs)}</td>
              <td>{m.errors}</td>
              <td>{m.aborts}</td>
              <td>{m.timeouts}</td>
              <td>{m.longTasks}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {actions.length > 0 && (
        <table>
          <caption>Time plugins add to actions (ms, latest invocations)</caption>
          <thead>
            <tr>
              <th scope="col">Plugin</th>
              <th scope="col">Action</th>
              <th scope="col">Invocations</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {actions.map(({ plugin, action, cost }) => (
              <tr key={`${plugin}\0${action}`} data-plugin={plugin} data-action={action}>
                <th scope="row">{plugin}</th>
                <td>{action}</td>
                <td>{cost.count}</td>
                <td>{ms(cost.p50)}</td>
                <td>{ms(cost.p95)}</td>
                <td>{ms(cost.totalMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
