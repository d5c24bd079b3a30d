export interface SoakFigures {
  leak: boolean;
}
export async function runSoak(_o: { minutes: number; log: (l: string) => void }): Promise<SoakFigures> {
  throw new Error('not yet');
}
