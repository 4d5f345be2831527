// `tokendeck completion bash|zsh|fish`: prints a shell's completion script, which asks
// `tokendeck __complete <words…>` (commands/__complete.ts) for the candidates of a Tab press.
import { TokendeckError } from '../../core/errors.js';
import type { Command } from '../command.js';

const SCRIPTS: Record<string, string> = {
  bash: `# tokendeck completion for bash: add to ~/.bashrc
#   source <(tokendeck completion bash)
_tokendeck() {
  local IFS=$'\\n'
  COMPREPLY=($(tokendeck __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
  # "acme/" (client add) is half a word: no space after it.
  if [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == */ ]]; then compopt -o nospace 2>/dev/null; fi
}
complete -o default -F _tokendeck tokendeck
`,
  zsh: `#compdef tokendeck
# tokendeck completion for zsh: add to ~/.zshrc (after compinit)
#   source <(tokendeck completion zsh)
_tokendeck() {
  local -a candidates halves
  candidates=("\${(@f)$(tokendeck __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  # "acme/" (client add) is half a word: no space after it.
  halves=(\${(M)candidates:#*/})
  candidates=(\${candidates:#*/})
  compadd -a candidates
  compadd -S '' -a halves
}
compdef _tokendeck tokendeck
`,
  fish: `# tokendeck completion for fish: save as ~/.config/fish/completions/tokendeck.fish
#   tokendeck completion fish > ~/.config/fish/completions/tokendeck.fish
complete -c tokendeck -f -a '(tokendeck __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

export const command: Command = {
  usage: 'completion bash|zsh|fish',
  summary: "print the shell's Tab completion script",
  description: "the script's first lines say where it goes; it completes commands, flags, organizations, clients, environments and schemes",
  examples: ['source <(tokendeck completion bash)', 'tokendeck completion fish > ~/.config/fish/completions/tokendeck.fish'],
  positionals: 1,
  options: {},
  async run(args, { io }) {
    const script = SCRIPTS[args.positionals[0]!];
    if (!script) throw new TokendeckError('USAGE', `Completion is available for bash, zsh and fish, not "${args.positionals[0]}".`);
    io.stdout.write(script);
  },
};
