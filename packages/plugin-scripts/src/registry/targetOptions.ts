/**
 * The flags that say who gets a release and when it rolls itself back: `--percent`, `--agents`,
 * `--max-failing-desktops`, `--max-error-rate`, `--min-invocations` (`release`, and `deploy
 * --release`).
 */
import { agentsArg, integerArg } from '@switchboard/local-stack/options';
import { Option, type Command } from 'commander';
import { rateArg } from './registryCommand';

/** What the target and threshold flags parse to. */
export interface TargetFlags {
  percent?: number;
  agents?: string[];
  maxFailingDesktops?: number;
  maxErrorRate?: number;
  minInvocations?: number;
}

/** Adds the target and threshold flags to `command`. */
export function addTargetOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--percent <n>', 'release to this percentage of the agents (a cohort) instead of all')
        .argParser(integerArg('--percent', 1, 100))
        .conflicts('agents'),
    )
    .addOption(
      new Option(
        '--agents <identities>',
        'release to these agents (a cohort, comma-separated) instead of all',
      ).argParser(agentsArg),
    )
    .addOption(
      new Option(
        '--max-failing-desktops <n>',
        'roll back when a plugin fails on more than n desktops of the target (server default 2)',
      ).argParser(integerArg('--max-failing-desktops', 0)),
    )
    .addOption(
      new Option(
        '--max-error-rate <rate>',
        "roll back when a plugin's errors per invocation pass this, 0 to 1 (server default 0.2)",
      ).argParser(rateArg('--max-error-rate')),
    )
    .addOption(
      new Option('--min-invocations <n>', 'invocations before the error rate counts (server default 20)').argParser(
        integerArg('--min-invocations', 0),
      ),
    );
}
