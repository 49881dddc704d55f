package dev.barbiton.assets;

import java.nio.file.Path;

/** Run in a child JVM: opens a store on a directory, says so, and holds it until stdin closes. */
public final class HoldStoreMain {
  private HoldStoreMain() {}

  public static void main(String[] args) throws Exception {
    try (AssetStore store = AssetStore.open(Path.of(args[0]))) {
      System.out.println("open");
      System.out.flush();
      while (System.in.read() != -1) {
        // hold the store until the parent closes our stdin
      }
    }
  }
}
