/**
 * The {@code files.*} steps, the agent's counterparts of UrbanCode Deploy's file plug-in steps
 * (download artifacts, delete, zip, unzip, move): pure java.nio and java.util.zip, never a shell.
 */
package io.shiplock.agent.files;
