import type { Db } from 'mongodb';

/** Which server answers: FerretDB says so in buildInfo; anything else is treated as MongoDB. */
export async function serverKind(db: Db): Promise<'ferretdb' | 'mongodb'> {
  const info = await db.admin().command({ buildInfo: 1 });
  return 'ferretdbVersion' in info || 'ferretdb' in info ? 'ferretdb' : 'mongodb';
}
