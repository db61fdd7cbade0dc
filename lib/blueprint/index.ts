export * from "../core/regions";
export * from "./checks";
export * from "./load";
export * from "./model";
export * from "./schema";
