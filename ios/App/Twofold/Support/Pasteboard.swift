// Copying a code: the pasteboard item expires on its own (the code is useless
// soon after) and stays on this device (no Universal Clipboard).

import SwiftUI
import TwofoldKit
import UIKit
import UniformTypeIdentifiers

enum Pasteboard {
    static func copy(_ item: ClipboardItem) {
        UIPasteboard.general.setItems(
            [[UTType.plainText.identifier: item.text]],
            options: [
                .expirationDate: item.expiresAt,
                .localOnly: true,
            ])
        UINotificationFeedbackGenerator().notificationOccurred(.success)
        UIAccessibility.post(notification: .announcement, argument: "Code copied")
    }
}
