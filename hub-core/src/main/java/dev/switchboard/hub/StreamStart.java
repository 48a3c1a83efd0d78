package dev.switchboard.hub;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import java.util.List;

/** Where a hub that continues an outside stream starts: its newest cursor and the messages before it still held. */
record StreamStart(Cursor head, List<Message> held) {
}
