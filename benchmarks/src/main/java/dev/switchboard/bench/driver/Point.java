package dev.switchboard.bench.driver;

/** One sweep point: ports, messages per second, payload bytes. */
record Point(int ports, int rate, int size) {

    long offeredDeliveries() {
        return (long) ports * rate;
    }

    long offeredBytes() {
        return offeredDeliveries() * size;
    }

    String payloadLabel() {
        return size >= 1024 && size % 1024 == 0 ? (size / 1024) + " KiB" : size + " B";
    }
}
