import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './websocket.examples.ts';

pinChecks(examples);
