import type { Migration } from 'kysely';
import * as papers from './0001-papers.js';
import * as team from './0002-team.js';
import * as paperOrder from './0003-paper-order.js';
import * as sharedState from './0004-shared-state.js';
import * as teamLearning from './0005-team-learning.js';
import * as readingListOrphans from './0006-reading-list-orphans.js';
import * as questionAsides from './0007-question-asides.js';
import * as paperPublications from './0008-paper-publications.js';

/**
 * Every migration, oldest first. Append a new file and a line here; never edit or reorder a
 * migration that has landed, since databases out there have already run it.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-papers': papers,
  '0002-team': team,
  '0003-paper-order': paperOrder,
  '0004-shared-state': sharedState,
  '0005-team-learning': teamLearning,
  '0006-reading-list-orphans': readingListOrphans,
  '0007-question-asides': questionAsides,
  '0008-paper-publications': paperPublications,
};
