/**
 * The one way matdiff writes a user's file (`compile -o`, REPL `:save`, the history trim).
 * Only regular files are written: a device, FIFO, socket or directory is refused (writing
 * "over" /dev/null with rename would replace the device node), and so is a symbolic link
 * (renaming over it would replace the link, not the file it names), unless the caller asks to
 * follow links. A file the command reads is never overwritten (`compile prog.md -o prog.md`),
 * compared by real path and by device and inode. The text goes to a temporary file created
 * exclusively ('wx') beside the target, which is then renamed over it, so the target is either
 * the old file or the new one; the new file keeps the old one's permission bits (a 0600 file
 * stays 0600). Refusals and failures are MatdiffErrors (bad input, exit 2) that say what is
 * wrong and what would work.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MatdiffError } from '../core/errors';

export interface SafeWriteOptions {
  /** Paths the command reads (its program, its data): never overwritten. Missing ones are ignored. */
  readonly inputs?: readonly string[];
  /** What each input is called in messages, by index (default "an input of this command"). */
  readonly inputNames?: readonly string[];
  /** Permission bits of a file that does not exist yet (default 0o666, less the umask). */
  readonly newMode?: number;
  /** 'refuse' (default): a symbolic link is not written. 'follow': write the regular file it leads to. */
  readonly symlinks?: 'refuse' | 'follow';
  /** How the target is named in messages (default: `file` as given). */
  readonly name?: string;
}

/** What a non-regular file is, for messages. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const lstatOrUndefined = (p: string): fs.Stats | undefined => {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
};

const statOrUndefined = (p: string): fs.Stats | undefined => {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
};

const realOrSelf = (p: string): string => {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};

function refuse(name: string, why: string, hint: string): MatdiffError {
  return new MatdiffError('usage', `cannot write ${name}: ${why}`, undefined, hint);
}

/** Why an I/O failure happened, in words. */
function ioReason(e: unknown, dir: string): { why: string; hint: string } {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return { why: `the directory ${dir} does not exist`, hint: 'create the directory first, or give a path in an existing one' };
    case 'ENOTDIR':
      return { why: `a part of ${dir} is not a directory`, hint: 'give a path whose parents are directories' };
    case 'EACCES':
    case 'EPERM':
      return {
        why: `permission denied (matdiff writes a temporary file in ${dir} and renames it into place)`,
        hint: 'give a path in a directory you can write to',
      };
    case 'EROFS':
      return { why: 'the file system is read-only', hint: 'give a path on a writable file system' };
    case 'ENOSPC':
    case 'EDQUOT':
      return { why: 'no space left on the device', hint: 'free some space, or write somewhere else' };
    default:
      return { why: (e as Error).message ?? String(e), hint: 'give the path of a regular file in a directory you can write to' };
  }
}

/** The file that would be written, after following links if asked; refusals for what is not a regular file. */
function resolveTarget(file: string, name: string, opts: SafeWriteOptions): { target: string; existing: fs.Stats | undefined } {
  let target = path.resolve(file);
  let st = lstatOrUndefined(target);
  if (st?.isSymbolicLink()) {
    let to: string;
    try {
      to = fs.readlinkSync(target);
    } catch {
      to = '?';
    }
    if (opts.symlinks !== 'follow')
      throw refuse(
        name,
        `it is a symbolic link (to ${to}); matdiff does not write through symbolic links`,
        `give the path of the file itself (${to}), or remove the link first`,
      );
    const real = statOrUndefined(target) ? fs.realpathSync(target) : undefined;
    if (real === undefined) throw refuse(name, `it is a symbolic link to ${to}, which does not exist`, 'give the path of a regular file, or fix the link');
    target = real;
    st = fs.lstatSync(target);
  }
  if (st && !st.isFile())
    throw refuse(
      name,
      `it is ${kindOf(st)}, not a regular file; matdiff writes only regular files`,
      st.isDirectory() ? `give a file name, e.g. ${path.join(name, 'out.js')}` : 'give the path of a regular file (new or existing)',
    );
  return { target, existing: st };
}

/** Refuse `target` if it is one of the command's inputs (the same real path, or the same device and inode). */
function refuseInputs(target: string, existing: fs.Stats | undefined, name: string, opts: SafeWriteOptions): void {
  const real = realOrSelf(target);
  (opts.inputs ?? []).forEach((input, i) => {
    const inputStat = statOrUndefined(input);
    const same =
      realOrSelf(input) === real || (existing !== undefined && inputStat !== undefined && inputStat.dev === existing.dev && inputStat.ino === existing.ino);
    if (same) {
      const what = opts.inputNames?.[i] ?? 'an input of this command';
      throw refuse(name, `it is ${what}; writing it would destroy what is being read`, 'give another output path');
    }
  });
}

/** Create a temporary file beside `target` exclusively; its name is fresh each try. */
function createTemp(target: string, mode: number): { tmp: string; fd: number } {
  const dir = path.dirname(target);
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      return { tmp, fd: fs.openSync(tmp, 'wx', mode) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw e;
    }
  }
}

/**
 * Write `text` to the regular file `file` (a new one, or over an existing one, whose mode is
 * kept) atomically. Throws a MatdiffError for anything it refuses or fails to do; the target is
 * then as it was and no temporary file is left.
 */
export function writeRegularFile(file: string, text: string, opts: SafeWriteOptions = {}): void {
  const name = opts.name ?? file;
  const { target, existing } = resolveTarget(file, name, opts);
  refuseInputs(target, existing, name, opts);
  const mode = existing ? existing.mode & 0o777 : (opts.newMode ?? 0o666);
  let tmp: string | undefined;
  let fd: number | undefined;
  try {
    ({ tmp, fd } = createTemp(target, mode));
    // open's mode is reduced by the umask; an existing file's bits are kept exactly.
    if (existing) {
      fs.fchmodSync(fd, mode);
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
        try {
          fs.fchownSync(fd, existing.uid, existing.gid);
        } catch {
          // Only root can give a file away; the contents are still written.
        }
      }
    }
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
    tmp = undefined;
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    const { why, hint } = ioReason(e, path.dirname(target));
    const code = (e as NodeJS.ErrnoException).code;
    throw refuse(code ? `${name} (${code})` : name, why, hint);
  }
}
