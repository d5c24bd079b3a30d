export interface ManyContextsFigures {
  many_contexts: number;
}
export async function runManyContexts(_o: {
  servers: number;
  contextsPerServer: number;
  leasesPerServer: number;
  rate: number;
  seconds: number;
  log: (l: string) => void;
}): Promise<ManyContextsFigures> {
  throw new Error('not yet');
}
