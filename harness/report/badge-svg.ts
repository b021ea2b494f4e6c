// badge.svg, drawn by badge-maker (shields.io's own renderer) from badgeFor's words. A file of its own
// so that only writing the SVG loads badge-maker (≈ 14 MiB of code), not every user of badgeFor.
import { makeBadge } from 'badge-maker';
import type { RunReport } from './model.ts';
import { badgeFor } from './badge.ts';

export function renderBadgeSvg(report: RunReport): string {
  const { label, message, color } = badgeFor(report);
  return `${makeBadge({ label, message, color, style: 'flat' })}\n`;
}
