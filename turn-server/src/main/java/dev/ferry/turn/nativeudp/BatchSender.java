package dev.ferry.turn.nativeudp;

/** Hands prepared send records to the kernel; a seam so SendBatch's bookkeeping is testable. */
interface BatchSender {
  /**
   * Sends the first {@code count} of {@code records}: returns how many went out, 0 when the socket
   * would block, or {@code -errno} when the first record was refused.
   */
  int send(RecordScratch records, int count);
}
