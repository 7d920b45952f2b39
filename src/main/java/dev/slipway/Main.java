package dev.slipway;

import dev.slipway.cli.SlipwayCommand;
import dev.slipway.log.JavaLogging;

/** The entry point of {@code java -jar slipway.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        JavaLogging.toLogback();
        System.exit(SlipwayCommand.execute(args));
    }
}
