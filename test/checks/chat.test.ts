import { expect, it } from 'vitest';
import { CHAT_STREAM_CHECK_IDS } from '../../harness/checks/chat-checks.ts';
import { CheckId } from '../../harness/checks/ids.ts';
import { pinChecks } from '../helpers/check-examples.ts';
import { examples } from './chat.examples.ts';

pinChecks(examples);

// The chat suite's stream cases run exactly this list: every chat check but the error envelope (an error case's).
it('a chat stream case runs every chat check but the error envelope, in order', () => {
  expect(CHAT_STREAM_CHECK_IDS).toEqual([
    CheckId.chatStatusOk,
    CheckId.chatContentStreamed,
    CheckId.chatToolCallDeltas,
    CheckId.chatToolCallArguments,
    CheckId.chatFinishReason,
    CheckId.chatUsage,
    CheckId.chatDoneMarker,
    CheckId.chatChunkSchema,
  ]);
});
