import path from 'node:path';
import type { RouteDefinition } from './route';
import { staticPageRoutes } from './staticPage';
import { findProjectRoot } from '../../services/store/projectRoot';

/** The admin page: everything it shows and changes goes through the documented /api/admin/… with the admin key. */
export function adminPageRoutes(webRoot = path.join(findProjectRoot(), 'public', 'admin')): RouteDefinition[] {
  return staticPageRoutes({
    path: '/admin',
    webRoot,
    summary: 'The admin page (the page asks for an admin key; it calls only /api/admin/…)',
    assetSummary: "The admin page's scripts (ES modules, one per section) and style",
    tags: ['admin page'],
  });
}
