// Display helpers shared by the dev mailbox pages.

/** `2026-11-24 21:30 UTC`: the mailbox is a developer tool, so UTC to the minute. */
export function utcMinute(date: Date) {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `Name <address>`, or the bare address when the message has no name. */
export function recipient(message: { toName: string | null; toAddress: string }) {
  return message.toName ? `${message.toName} <${message.toAddress}>` : message.toAddress;
}
