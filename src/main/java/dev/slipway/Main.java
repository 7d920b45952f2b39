package dev.slipway; public class Main { public static void main(String[] a){} }
