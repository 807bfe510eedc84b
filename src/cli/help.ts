import type { ArgsSpec, OptionSpec } from './args.js';
import type { Command, CommandListing } from './command.js';

/** The tool's own options, before the command. */
export const GLOBAL_OPTIONS: ArgsSpec = {
  positionals: [],
  options: [
    { name: 'connect', alias: 'c', value: 'URI', description: 'hypervisor connection URI (default: $LIBVIRT_DEFAULT_URI)' },
    { name: 'readonly', alias: 'r', description: 'connect read-only' },
    { name: 'help', alias: 'h', description: 'this help' },
  ],
  stopAtPositional: true,
};

/** `rxvirt --help`: usage, the tool's options and one line per command. */
export function toolHelp(commands: readonly CommandListing[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: rxvirt [-c URI] [-r] COMMAND [ARGS...]',
    '',
    "A virsh-like client speaking libvirt's RPC protocol in pure TypeScript.",
    '',
    'Options:',
    ...optionLines(GLOBAL_OPTIONS.options),
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "'rxvirt COMMAND --help' describes a command.",
    '',
  ].join('\n');
}

/** `rxvirt COMMAND --help`: synopsis, arguments and options. */
export function commandHelp(command: Command): string {
  const synopsis = [
    ...command.positionals.map((positional) => (positional.optional ? `[${positional.name.toUpperCase()}]` : positional.name.toUpperCase())),
    ...command.options.map((option) => `[--${option.name}${option.value === undefined ? '' : ` ${option.value}`}]`),
  ];
  const positionalWidth = Math.max(0, ...command.positionals.map((positional) => positional.name.length));
  return [
    `Usage: rxvirt ${command.name} ${synopsis.join(' ')}`.trimEnd(),
    '',
    `  ${command.summary}`,
    '',
    ...(command.positionals.length === 0 ?
      []
    : ['Arguments:', ...command.positionals.map((positional) => `  ${positional.name.toUpperCase().padEnd(positionalWidth)}  ${positional.description}`), '']),
    ...(command.options.length === 0 ? [] : ['Options:', ...optionLines(command.options), '']),
  ].join('\n');
}

function optionLines(options: readonly OptionSpec[]): string[] {
  const spelled = options.map((option) => `${option.alias === undefined ? '    ' : `-${option.alias}, `}--${option.name}${option.value === undefined ? '' : ` ${option.value}`}`);
  const width = Math.max(...spelled.map((text) => text.length));
  return options.map((option, i) => `  ${spelled[i].padEnd(width)}  ${option.description}`);
}
