export interface ScaleFigures {
  failed: boolean;
}
export async function runScale(_o: { parts: readonly string[]; log: (l: string) => void }): Promise<ScaleFigures> {
  throw new Error('not yet');
}
