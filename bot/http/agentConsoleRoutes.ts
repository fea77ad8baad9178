import path from 'node:path';
import type { RouteDefinition } from './route';
import { staticPageRoutes } from './staticPage';
import { findProjectRoot } from '../../services/store/projectRoot';

/** The agent console: everything it shows comes from /api/agent/… with the agent's key. */
export function agentConsoleRoutes(webRoot = path.join(findProjectRoot(), 'public', 'agent')): RouteDefinition[] {
  return staticPageRoutes({
    path: '/agent',
    webRoot,
    summary: "The agent console (the page asks for the agent's key; its data comes from /api/agent/…)",
    assetSummary: "The console's script and style",
    tags: ['agent console'],
  });
}
