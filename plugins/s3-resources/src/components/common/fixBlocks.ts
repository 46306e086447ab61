/**
 * A fix as the backend writes it (a test step's remediation, a finding's
 * fix) is lines of prose, JSON documents on lines of their own, and shell
 * commands, on a line of their own or after the prose that introduces them
 * ("With the AWS CLI: aws s3api …"). Split, each part can be shown and
 * copied on its own.
 */
export type FixBlock = {
  kind: 'text' | 'json' | 'command';
  text: string;
};

/** The programs the fixes' commands start with. */
const COMMAND_START = /^(?:aws|radosgw-admin|mc|gsutil|gcloud|s3cmd|rclone)\s/;

/** Prose introducing a command on the same line: "…: aws s3api …". */
const INTRODUCED_COMMAND =
  /^(.*?:)\s+((?:aws|radosgw-admin|mc|gsutil|gcloud|s3cmd|rclone)\s.*)$/;

/**
 * A command to copy: runs to the end of its line. One that ends in a full
 * stop or carries prose in brackets stays in the sentence it belongs to.
 */
function isCommand(text: string): boolean {
  return COMMAND_START.test(text) && !/[.)]$/.test(text.trimEnd());
}

/** The lines from `start` that form a JSON document, if they do. */
function jsonFrom(lines: string[], start: number): number | undefined {
  if (!/^\s*[{[]/.test(lines[start])) return undefined;
  for (let end = start; end < lines.length; end++) {
    try {
      JSON.parse(lines.slice(start, end + 1).join('\n'));
      return end;
    } catch {
      // not complete yet
    }
  }
  return undefined;
}

export function fixBlocks(fix: string): FixBlock[] {
  const blocks: FixBlock[] = [];
  const text = (line: string) => {
    const last = blocks[blocks.length - 1];
    if (last?.kind === 'text') last.text = `${last.text}\n${line}`;
    else blocks.push({ kind: 'text', text: line });
  };
  const lines = fix.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const jsonEnd = jsonFrom(lines, i);
    if (jsonEnd !== undefined) {
      blocks.push({
        kind: 'json',
        text: lines.slice(i, jsonEnd + 1).join('\n'),
      });
      i = jsonEnd;
      continue;
    }
    const trimmed = line.trim();
    if (isCommand(trimmed)) {
      blocks.push({ kind: 'command', text: trimmed });
      continue;
    }
    const introduced = INTRODUCED_COMMAND.exec(trimmed);
    if (introduced && isCommand(introduced[2])) {
      text(introduced[1]);
      blocks.push({ kind: 'command', text: introduced[2] });
      continue;
    }
    if (trimmed) text(line);
  }
  return blocks;
}
