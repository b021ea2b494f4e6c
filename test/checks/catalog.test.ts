import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './catalog.examples.ts';

pinChecks(examples);
