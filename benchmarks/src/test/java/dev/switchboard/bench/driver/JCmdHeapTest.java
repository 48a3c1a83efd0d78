package dev.switchboard.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The heap in use read from {@code jcmd PID GC.heap_info}, as JDK 17 prints it for each collector the sweep runs. */
class JCmdHeapTest {

    @Test
    void g1HasOneHeapLine() {
        String info = """
                 garbage-first heap   total 397312K, used 18274K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 4 young (16384K), 0 survivors (0K)
                 Metaspace       used 8917K, committed 9088K, reserved 1114112K
                """;

        assertThat(JCmd.heapUsed(info, 1)).isEqualTo(18274L * 1024);
    }

    @Test
    void theParallelCollectorsTwoGenerationsAreAddedUp() {
        String info = """
                 PSYoungGen      total 113152K, used 21402K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                  eden space 97280K, 22% used [0x0000000782700000,0x0000000783be68c8,0x0000000788600000)
                  from space 15872K, 0% used [0x0000000789580000,0x0000000789580000,0x000000078a500000)
                 ParOldGen       total 258048K, used 7364K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                  object space 258048K, 2% used [0x0000000687400000,0x0000000687400000,0x0000000697000000)
                 Metaspace       used 8912K, committed 9088K, reserved 1114112K
                """;

        assertThat(JCmd.heapUsed(info, 1)).isEqualTo((21402L + 7364L) * 1024);
    }

    @Test
    void anotherCollectorsTextIsRefusedWithTheText() {
        assertThatThrownBy(() -> JCmd.heapUsed(" ZHeap           used 42M, capacity 96M, max capacity 1024M\n", 77))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("jcmd 77 GC.heap_info")
                .hasMessageContaining("ZHeap           used 42M");
    }
}
