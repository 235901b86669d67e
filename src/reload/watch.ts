import { type FSWatcher, watch } from 'node:fs';

export interface FolderWatch {
  close(): void;
}

/**
 * Calls `onChange` once a burst of changes in `dir` has settled for `debounceMs`: an editor's
 * save is often a write, a rename and a chmod, and a copied folder is many files.
 */
export function watchFolder(
  dir: string,
  onChange: () => void,
  options: { debounceMs: number; onError: (error: Error) => void },
): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, { persistent: false }, () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, options.debounceMs);
  });
  watcher.on('error', options.onError);
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
