package dev.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void parsesAndPrintsTheWireForm() {
        Cursor cursor = Cursor.parse("k3f9a1:42");
        assertThat(cursor).isEqualTo(new Cursor("k3f9a1", 42));
        assertThat(cursor.toString()).isEqualTo("k3f9a1:42");
        assertThat(cursor.next()).isEqualTo(new Cursor("k3f9a1", 43));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "42", ":42", "abc:", "abc:x", "abc:-1", "a b:1", "abc:99999999999999999999"})
    void rejectsMalformedTextNamingIt(String text) {
        assertThatThrownBy(() -> Cursor.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor");
        if (!text.isEmpty()) {
            assertThatThrownBy(() -> Cursor.parse(text)).hasMessageContaining(text);
        }
    }

    @Test
    void cursorsOfDifferentEpochsHaveNoOrder() {
        assertThatThrownBy(() -> new Cursor("a", 1).compareTo(new Cursor("b", 2)))
                .hasMessageContaining("different epochs");
        assertThat(new Cursor("a", 1)).isLessThan(new Cursor("a", 2));
    }
}
