import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './header.examples.ts';

pinChecks(examples);
