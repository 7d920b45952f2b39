package dev.slipway;

import dev.slipway.cli.SlipwayCommand;

/** The entry point of {@code java -jar slipway.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(SlipwayCommand.execute(args));
    }
}
